package io.r2dbcrouting;

import io.r2dbcrouting.internal.StatementKind;
import org.jspecify.annotations.Nullable;

/**
 * The routing rules in one place: a pure function from a statement's kind, the caller's hint and the state of its
 * transaction, connection and session to a {@link Decision}. No I/O, no allocation except for bind groups.
 * The rules apply in the order written here; the first that matches wins.
 */
final class RoutingDecider {

    private final boolean stickyAfterWrite;

    RoutingDecider(boolean stickyAfterWrite) {
        this.stickyAfterWrite = stickyAfterWrite;
    }

    /**
     * @param kind                what the statement does
     * @param hint                the innermost routing hint, or {@code null}
     * @param serializable        the transaction or connection uses SERIALIZABLE isolation
     * @param readOnlyTransaction the statement runs in a transaction begun read-only
     * @param transactionWrote    the statement's transaction has already written on the primary
     * @param pinned              the connection holds session state (SET, temporary tables, …) on the primary
     * @param sessionStuck        the routing session has written
     * @param replicaAvailable    a replica can serve this read (configured, in rotation, fresh enough)
     */
    Decision decide(StatementKind kind, @Nullable RoutingHint hint, boolean serializable, boolean readOnlyTransaction,
                    boolean transactionWrote, boolean pinned, boolean sessionStuck, boolean replicaAvailable) {
        if (hint != null && hint.kind == RoutingHint.Kind.GROUP) {
            return Decision.group(hint.group);           // a bind group is a database of its own: all of it goes there
        }
        if (serializable) {
            return Decision.PRIMARY_ISOLATION;            // a hot standby refuses SERIALIZABLE
        }
        if (kind.requiresPrimary() && !readOnlyTransaction) {
            return Decision.PRIMARY_WRITE;                // writes never go to a standby, whatever the hint
        }
        if (hint == RoutingHint.PRIMARY) {
            return Decision.PRIMARY_FORCED;
        }
        if (hint == RoutingHint.REPLICA) {
            return replicaAvailable ? Decision.REPLICA_FORCED : Decision.PRIMARY_FALLBACK;
        }
        if (pinned) {
            return Decision.PRIMARY_STICKY;               // later statements must see the connection's SET, temp tables, …
        }
        if (!replicaAvailable) {
            return Decision.PRIMARY_FALLBACK;
        }
        if (this.stickyAfterWrite && sessionStuck) {
            return Decision.PRIMARY_STICKY;
        }
        if (readOnlyTransaction) {
            return Decision.REPLICA_READ;                 // the whole read-only transaction stays on its replica
        }
        if (this.stickyAfterWrite && transactionWrote) {
            return Decision.PRIMARY_STICKY;
        }
        return Decision.REPLICA_READ;
    }
}
