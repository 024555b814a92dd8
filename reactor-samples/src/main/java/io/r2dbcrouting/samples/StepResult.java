package io.r2dbcrouting.samples;

import java.util.Set;

import io.r2dbcrouting.RoutingReason;
import org.jspecify.annotations.Nullable;

/**
 * One step of the demo: what ran, which rule applies, which server should answer and which one did.
 *
 * @param number     1-based position in the walkthrough
 * @param title      what the step shows, in a few words
 * @param sql        the SQL that ran (with the API calls around it, where they matter)
 * @param reason     the {@link RoutingReason} the router gives for the statement, or {@code null} when routing is off
 * @param rule       the rule in a sentence
 * @param expected   the expected server, for people ("a replica", "replica-2 (as step 3)")
 * @param acceptable the server names that count as expected
 * @param answered   the server that answered, by the port it reported ({@code replica-1}; {@code primary/db} for
 *                   another database on that server)
 * @param detail     the other columns of the answer ({@code pg_is_in_recovery=true}), or an empty string
 */
record StepResult(int number, String title, String sql, @Nullable RoutingReason reason, String rule, String expected,
                  Set<String> acceptable, String answered, String detail) {

    StepResult {
        acceptable = Set.copyOf(acceptable);
    }

    /**
     * Whether the server that answered is one the rule allows.
     *
     * @return {@code true} if {@link #answered()} is among {@link #acceptable()}
     */
    boolean asExpected() {
        return this.acceptable.contains(this.answered);
    }
}
