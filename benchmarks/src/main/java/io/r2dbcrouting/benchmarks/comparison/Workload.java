package io.r2dbcrouting.benchmarks.comparison;

import java.util.Locale;

/**
 * The workloads of the comparison, each a stream of independent operations (a unit of work a service would run per
 * request), issued at a fixed concurrency.
 */
enum Workload {

    /** {@code SELECT id, v, note FROM bench_items WHERE id = $1} with a random id, outside any transaction. */
    POINT_READ("point-read", "Point reads", "a SELECT by primary key, outside transactions"),

    /**
     * 90% point reads outside transactions, 10% transactions that read a row, update it and read it again.
     */
    MIX("mix-90-10", "90/10 mix", "90% point reads; 10% transactions: read, UPDATE, read"),

    /**
     * An INSERT, then a read of the inserted row on another connection of the same unit of work: a row not found
     * is a stale read, counted as an error.
     */
    READ_YOUR_WRITES("read-your-writes", "Read your writes", "INSERT, then read the row back (stale read = error)");

    /** The share of {@link #MIX} operations that are transactions. */
    static final double MIX_TRANSACTION_SHARE = 0.1;

    private final String id;

    private final String title;

    private final String description;

    Workload(String id, String title, String description) {
        this.id = id;
        this.title = title;
        this.description = description;
    }

    /** The name in CSV files and on the command line. */
    String id() {
        return this.id;
    }

    /** The heading in reports. */
    String title() {
        return this.title;
    }

    String description() {
        return this.description;
    }

    /**
     * The workload of a CSV or command-line name.
     *
     * @throws IllegalArgumentException naming the known workloads
     */
    static Workload of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Workload workload : values()) {
            if (workload.id.equals(wanted)) {
                return workload;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'; expected one of point-read, mix-90-10, "
                + "read-your-writes");
    }

}
