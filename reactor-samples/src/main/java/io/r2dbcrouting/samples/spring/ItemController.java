package io.r2dbcrouting.samples.spring;

import java.net.URI;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HTTP API. Every request runs in a routing session of its own (the module's web filter), so a write and the read
 * after it in one request go to the primary, and the next request starts afresh on a replica.
 */
@RestController
@RequestMapping("/items")
public class ItemController {

    private final ItemService service;

    /**
     * Creates the controller.
     *
     * @param service the use cases
     */
    public ItemController(ItemService service) {
        this.service = service;
    }

    /**
     * Every item, served by a replica.
     *
     * @return the items
     */
    @GetMapping
    public Flux<ItemView> all() {
        return this.service.findAll();
    }

    /**
     * One item, served by a replica.
     *
     * @param id the item's id
     * @return the item, or 404
     */
    @GetMapping("/{id}")
    public Mono<ResponseEntity<ItemView>> one(@PathVariable long id) {
        return this.service.find(id).map(ResponseEntity::ok).defaultIfEmpty(ResponseEntity.notFound().build());
    }

    /**
     * The count and the newest items, from one read-only transaction on one replica.
     *
     * @return the summary
     */
    @GetMapping("/summary")
    public Mono<ItemService.Summary> summary() {
        return this.service.summary();
    }

    /**
     * Stores an item and returns it as read back in the same request: from the primary, because this request has
     * written.
     *
     * @param item the new item
     * @return 201 with the item, or 409 when the name is taken
     */
    @PostMapping
    public Mono<ResponseEntity<ItemView>> create(@RequestBody NewItem item) {
        return this.service.create(item.name())
            .flatMap(created -> this.service.find(created.id()))
            .map(view -> ResponseEntity.created(URI.create("/items/" + view.id())).body(view));
    }

    /**
     * Renames an item and returns it as read back, from the primary.
     *
     * @param id   the item's id
     * @param item the new name
     * @return the item, or 404
     */
    @PutMapping("/{id}")
    public Mono<ResponseEntity<ItemView>> rename(@PathVariable long id, @RequestBody NewItem item) {
        return this.service.rename(id, item.name())
            .flatMap(found -> found ? this.service.find(id).map(ResponseEntity::ok)
                : Mono.just(ResponseEntity.notFound().<ItemView>build()));
    }

    /**
     * Deletes an item, if there is one.
     *
     * @param id the item's id
     * @return 204
     */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> delete(@PathVariable long id) {
        return this.service.delete(id);
    }

    /**
     * A name taken between the duplicate check (on a replica) and the insert (on the primary).
     */
    @ExceptionHandler(DuplicateKeyException.class)
    @ResponseStatus(HttpStatus.CONFLICT)
    void duplicate() {
    }

    /**
     * The body of {@code POST} and {@code PUT}.
     *
     * @param name the item's name
     */
    public record NewItem(String name) {
    }
}
