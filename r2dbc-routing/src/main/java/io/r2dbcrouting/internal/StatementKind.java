package io.r2dbcrouting.internal;

/**
 * What a statement does, as far as routing is concerned.
 *
 * @see StatementClassifier
 */
public enum StatementKind {

    /**
     * A query that changes nothing ({@code SELECT}, {@code VALUES}, {@code TABLE}, {@code SHOW}, a read-only
     * {@code WITH}, {@code EXPLAIN} without {@code ANALYZE} of a write): it may run on a replica.
     */
    READ,

    /**
     * A statement that must run on the primary and makes the transaction (or session) sticky to it: data and schema
     * changes, locking reads, calls of side-effecting functions and transaction control written as SQL.
     */
    WRITE,

    /**
     * A statement that changes state of the connection that later statements depend on ({@code SET}, {@code RESET},
     * {@code PREPARE}, {@code LISTEN}, cursors, temporary tables, …): it must run on the primary and pins the
     * connection there.
     */
    SESSION_STATE,

    /**
     * {@code SET TRANSACTION}, {@code SET LOCAL} or {@code SET CONSTRAINTS}: applies to the current transaction on
     * whichever side that transaction uses.
     */
    TRANSACTION_SETTING,

    /**
     * A statement that was not recognised; the router treats it like {@link #WRITE} and sends it to the primary.
     */
    UNKNOWN;

    /**
     * Returns whether a statement of this kind has to run on the primary.
     *
     * @return {@code true} for {@link #WRITE}, {@link #SESSION_STATE} and {@link #UNKNOWN}
     */
    public boolean requiresPrimary() {
        return this == WRITE || this == SESSION_STATE || this == UNKNOWN;
    }

    /**
     * Returns the kind of several statements run together (a multi-statement text or a batch): the stronger of the
     * two in the order {@link #WRITE}, {@link #UNKNOWN}, {@link #SESSION_STATE}, {@link #TRANSACTION_SETTING},
     * {@link #READ}. A single write sends the whole to the primary; among the rest, not knowing outranks pinning, and
     * pinning outranks a setting for the transaction.
     *
     * @param a one kind
     * @param b another kind
     * @return the stronger of {@code a} and {@code b}
     */
    public static StatementKind strongest(StatementKind a, StatementKind b) {
        return a.strength() >= b.strength() ? a : b;
    }

    private int strength() {
        return switch (this) {
            case READ -> 0;
            case TRANSACTION_SETTING -> 1;
            case SESSION_STATE -> 2;
            case UNKNOWN -> 3;
            case WRITE -> 4;
        };
    }

}
