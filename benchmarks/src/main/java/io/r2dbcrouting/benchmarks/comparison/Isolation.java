package io.r2dbcrouting.benchmarks.comparison;

import java.util.Locale;

/** Where the contenders of a comparison run: {@code --isolation shared|jvm}. */
enum Isolation {

    /** Every contender in the coordinator's JVM, sharing its pools to the servers (the default). */
    SHARED("shared"),

    /**
     * Each contender in a {@link ContenderAgent} JVM of its own, with pools of its own, so that no contender's code
     * shapes the JIT's profile of another's; the coordinator alternates them as in {@link #SHARED}.
     */
    JVM("jvm");

    private final String id;

    Isolation(String id) {
        this.id = id;
    }

    /** The name on the command line and in {@code run.properties}. */
    String id() {
        return this.id;
    }

    /**
     * The mode of a command-line or {@code run.properties} name.
     *
     * @throws IllegalArgumentException naming the known modes
     */
    static Isolation of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (Isolation isolation : values()) {
            if (isolation.id.equals(wanted)) {
                return isolation;
            }
        }
        throw new IllegalArgumentException("--isolation must be shared or jvm, was '" + id + "'");
    }

}
