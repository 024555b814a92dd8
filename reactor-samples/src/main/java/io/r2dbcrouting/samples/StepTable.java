package io.r2dbcrouting.samples;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints the demo's steps as an aligned text table: one line per step (number, title, routing reason, expected and
 * answering server, verdict), then the SQL and the rule indented below it. Not thread-safe.
 */
final class StepTable {

    private static final String ROW = "%3s  %-38s %-8s %-28s %-28s %s%n";

    private static final String INDENT = "     ";

    private final PrintStream out;

    StepTable(PrintStream out) {
        this.out = out;
    }

    /** Prints free text, such as what the demo set up. */
    void note(String text) {
        this.out.println(text);
    }

    /** Prints the column headings. */
    void header() {
        this.out.println();
        this.out.printf(ROW, "#", "STEP", "REASON", "EXPECTED SERVER", "ANSWERED BY", "CHECK");
        this.out.printf(ROW, "---", "-".repeat(38), "-".repeat(8), "-".repeat(28), "-".repeat(28), "-----");
    }

    /** Prints a heading over the steps of one scenario. */
    void section(String title) {
        this.out.println();
        this.out.println("  " + title);
    }

    /** Prints one step. */
    void row(StepResult step) {
        this.out.printf(ROW, step.number(), step.title(), step.reason() == null ? "-" : step.reason().name(),
            step.expected(), step.answered(), step.asExpected() ? "ok" : "UNEXPECTED");
        this.out.println(INDENT + "sql   " + step.sql());
        if (!step.detail().isEmpty()) {
            this.out.println(INDENT + "got   " + step.detail());
        }
        this.out.println(INDENT + "rule  " + step.rule());
    }

    /** Prints the closing line: all as expected, or which steps were not. */
    void summary(List<StepResult> steps) {
        List<StepResult> unexpected = steps.stream().filter(step -> !step.asExpected()).collect(Collectors.toList());
        this.out.println();
        if (unexpected.isEmpty()) {
            this.out.println(steps.size() + " steps, all answered by the expected server");
            return;
        }
        this.out.println(steps.size() + " steps, " + unexpected.size() + " answered by an unexpected server:");
        for (StepResult step : unexpected) {
            this.out.println("  step " + step.number() + " (" + step.title() + "): expected " + step.expected()
                + ", answered by " + step.answered());
        }
    }
}
