package io.r2dbcrouting.samples.spring;

/**
 * An item as the API returns it, with the server that answered the query.
 *
 * @param id        the item's id
 * @param name      its name
 * @param writtenOn the server that wrote it last, such as {@code primary:25432}
 * @param servedBy  the server that answered this read, such as {@code replica:25433}
 */
public record ItemView(long id, String name, String writtenOn, String servedBy) {
}
