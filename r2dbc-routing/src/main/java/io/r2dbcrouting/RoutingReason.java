package io.r2dbcrouting;

import java.util.Locale;

/**
 * Why a statement went where it went. Travels with each routing decision to the debug log (and to metrics), so
 * "why did this go to the primary?" always has an answer.
 */
public enum RoutingReason {

    /** A statement known to be a read, sent to a replica. */
    READ("read"),

    /** A statement that writes, locks, changes session state or is not recognised: it must run on the primary. */
    WRITE("write"),

    /** A read sent to the primary because its transaction, session or connection is stuck there. */
    STICKY("sticky after write"),

    /** A read sent where a {@link Routing#primary()} or {@link Routing#replica()} hint asked. */
    FORCED("forced"),

    /** A statement sent to a bind group by {@link Routing#group(String)}. */
    GROUP("group"),

    /** A read sent to the primary because no replica is configured. */
    FALLBACK("fallback to primary"),

    /** A statement of a SERIALIZABLE transaction or connection, which a hot standby refuses. */
    ISOLATION("serializable isolation"),

    /** A read sent to the primary because no replica has replayed its session's writes yet (CAUSAL mode). */
    CAUSAL("read-your-writes");

    private final String description;

    RoutingReason(String description) {
        this.description = description;
    }

    /**
     * A short phrase for log lines, such as {@code "sticky after write"}.
     *
     * @return the description
     */
    public String description() {
        return this.description;
    }

    /**
     * The lower-case name, used as a metrics tag.
     *
     * @return for example {@code "read"}
     */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
