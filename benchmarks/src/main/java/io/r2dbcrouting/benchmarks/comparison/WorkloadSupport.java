package io.r2dbcrouting.benchmarks.comparison;

import java.util.Locale;

/**
 * Whether a contender can run a workload correctly, and if not, what goes wrong. The report marks every result that
 * is not {@link Kind#CORRECT}.
 *
 * @param kind what the contender can do with the workload
 * @param note why, in a few words for the report; empty for a plain correct run
 */
record WorkloadSupport(Kind kind, String note) {

    static final WorkloadSupport CORRECT = new WorkloadSupport(Kind.CORRECT, "");

    WorkloadSupport {
        if (kind != Kind.CORRECT && note.isBlank()) {
            throw new IllegalArgumentException("a " + kind.id() + " workload needs a note saying why");
        }
    }

    /** Runs correctly, with a note on how (for example, that the caller has to choose the server). */
    static WorkloadSupport correct(String note) {
        return new WorkloadSupport(Kind.CORRECT, note);
    }

    /** Runs, but routes some statements where they fail or read stale data: its errors are expected. */
    static WorkloadSupport wrongRoute(String note) {
        return new WorkloadSupport(Kind.WRONG_ROUTE, note);
    }

    /** Cannot run at all: not measured. */
    static WorkloadSupport notRun(String note) {
        return new WorkloadSupport(Kind.NOT_RUN, note);
    }

    boolean runs() {
        return this.kind != Kind.NOT_RUN;
    }

    enum Kind {

        CORRECT("correct"), WRONG_ROUTE("wrong-route"), NOT_RUN("not-run");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        String id() {
            return this.id;
        }

        static Kind of(String id) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            for (Kind kind : values()) {
                if (kind.id.equals(wanted)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown support kind '" + id + "'; expected correct, wrong-route "
                    + "or not-run");
        }

    }

}
