package io.r2dbcrouting.samples.spring;

import org.springframework.data.r2dbc.repository.Modifying;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A plain Spring Data repository: the router decides from each statement where it runs.
 */
public interface ItemRepository extends ReactiveCrudRepository<Item, Long> {

    /**
     * An item with the server that answered.
     *
     * @param id the item's id
     * @return the item, or empty
     */
    @Query("SELECT id, name, written_on, server_label() AS served_by FROM item WHERE id = :id")
    Mono<ItemView> findViewById(long id);

    /**
     * Every item with the server that answered.
     *
     * @return the items by id
     */
    @Query("SELECT id, name, written_on, server_label() AS served_by FROM item ORDER BY id")
    Flux<ItemView> findAllViews();

    /**
     * Whether an item has this name.
     *
     * @param name the name
     * @return {@code true} if one has
     */
    Mono<Boolean> existsByName(String name);

    /**
     * The newest items.
     *
     * @return up to three items, newest first
     */
    Flux<Item> findFirst3ByOrderByIdDesc();

    /**
     * Renames an item; {@code written_on = DEFAULT} records the server that ran the update.
     *
     * @param id   the item's id
     * @param name the new name
     * @return the number of rows updated: 0 or 1
     */
    @Modifying
    @Query("UPDATE item SET name = :name, written_on = DEFAULT WHERE id = :id")
    Mono<Integer> rename(long id, String name);

    /**
     * The server that answers, such as {@code replica:25433}.
     *
     * @return its label
     */
    @Query("SELECT server_label()")
    Mono<String> serverLabel();
}
