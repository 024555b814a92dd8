package io.r2dbcrouting.samples.spring;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The use cases, with Spring's ordinary transaction annotations: the router sends each transaction where its
 * definition and statements say.
 */
@Service
public class ItemService {

    private final ItemRepository items;

    /**
     * Creates the service.
     *
     * @param items the repository
     */
    public ItemService(ItemRepository items) {
        this.items = items;
    }

    /**
     * Stores a new item. The transaction starts on a replica, where the duplicate check reads, and moves to the
     * primary at its first write, the insert, where it commits.
     * <p>
     * The check reads a replica's snapshot, which may lag behind the primary: it answers the common case early, while
     * the {@code UNIQUE} constraint on the primary is what keeps names unique. A check whose answer must be current
     * belongs on the primary ({@code SELECT … FOR UPDATE}, or {@code contextWrite(Routing.primary())}).
     *
     * @param name the item's name
     * @return the stored item, with its id
     */
    @Transactional
    public Mono<Item> create(String name) {
        return this.items.existsByName(name)
            .flatMap(exists -> exists ? Mono.error(duplicate(name)) : this.items.save(Item.named(name)));
    }

    /**
     * Renames an item: one UPDATE, on the primary.
     *
     * @param id   the item's id
     * @param name the new name
     * @return whether the item exists
     */
    public Mono<Boolean> rename(long id, String name) {
        return this.items.rename(id, name).map(updated -> updated > 0);
    }

    /**
     * Deletes an item, on the primary.
     *
     * @param id the item's id
     * @return completes when done, whether or not the item existed
     */
    public Mono<Void> delete(long id) {
        return this.items.deleteById(id);
    }

    /**
     * An item. Outside a transaction each query has a connection of its own: a replica serves it, unless this request
     * has written already (then the primary, which has the write).
     *
     * @param id the item's id
     * @return the item, or empty
     */
    public Mono<ItemView> find(long id) {
        return this.items.findViewById(id);
    }

    /**
     * Every item, from a replica.
     *
     * @return the items by id
     */
    public Flux<ItemView> findAll() {
        return this.items.findAllViews();
    }

    /**
     * How many items there are and the newest ones, read in one read-only transaction: one replica answers all of
     * it, from one snapshot, and the primary is never asked.
     *
     * @return the summary
     */
    @Transactional(readOnly = true)
    public Mono<Summary> summary() {
        return this.items.serverLabel().flatMap(first -> this.items.count()
            .zipWhen(count -> this.items.findFirst3ByOrderByIdDesc().map(Item::name).collectList())
            .flatMap(countAndNewest -> this.items.serverLabel().map(last ->
                new Summary(countAndNewest.getT1(), countAndNewest.getT2(), List.of(first, last)))));
    }

    private static ResponseStatusException duplicate(String name) {
        return new ResponseStatusException(HttpStatus.CONFLICT, "an item is named '" + name + "' already");
    }

    /**
     * What {@link #summary()} read.
     *
     * @param count    how many items there are
     * @param newest   the names of the newest three
     * @param servedBy the server that answered at the start of the transaction and at its end
     */
    public record Summary(long count, List<String> newest, List<String> servedBy) {
    }
}
