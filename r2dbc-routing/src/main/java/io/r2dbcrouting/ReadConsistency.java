package io.r2dbcrouting;

/**
 * What a read after a write is promised to see, once the write's transaction has ended.
 * <p>
 * Inside a transaction both modes behave the same: after the transaction's first write every later statement runs on
 * the primary (sticky-after-write), so the transaction reads its own uncommitted writes.
 */
public enum ReadConsistency {

    /**
     * The default. Transactions stick to the primary until they end; a {@link RoutingSession} sticks to the primary
     * after its first successful write until {@link RoutingSession#reset()}. Reads outside a session may go to a
     * replica right after a commit and miss it.
     */
    STICKY,

    /**
     * Read-your-writes by WAL position. When a routing session (or a routing connection on its own) commits a
     * write, the router records the primary's WAL position of that commit; a later read of the same session (or
     * connection) goes to a replica only if that replica is known to have replayed past the position, else to the
     * primary. Reads keep scaling on caught-up replicas instead of sticking to the primary. The position can travel
     * between requests as {@link RoutingSession#token()} and {@link Routing#session(String)}.
     */
    CAUSAL
}
