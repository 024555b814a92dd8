package io.r2dbcrouting.benchmarks.comparison;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.r2dbcrouting.benchmarks.comparison.ComparisonTestData.notRun;
import static io.r2dbcrouting.benchmarks.comparison.ComparisonTestData.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ResultsCsvUnitTests {

    @Test
    void writesAHeaderWithOneColumnPerServer() {
        String csv = ResultsCsv.write(List.of(result(1, Workload.POINT_READ, "router", 1000, 2)));
        assertThat(csv.lines().findFirst()).hasValue("round,workload,contender,title,support,note,seconds,operations,"
                + "errors,throughput_ops_s,p50_ms,p95_ms,p99_ms,max_ms,client_cpu_us_per_op,statements_primary,statements_replica-1,"
                + "statements_replica-2,error_kinds");
        assertThat(csv.lines().skip(1).findFirst()).hasValue("1,point-read,router,router title,correct,,5.000,5000,0,"
                + "1000.0,0.500,1.000,2.000,6.000,1000.00,10,45,45,");
    }

    @Test
    void roundTripsEveryField() {
        RunResult wrong = result(2, Workload.MIX, "multi-host", WorkloadSupport.Kind.WRONG_ROUTE,
                "UPDATE on a standby, \"read-only\"", 900.5, 3.25, 12,
                Map.of("SQLSTATE 25006: cannot execute UPDATE in a read-only transaction", 12L));
        RunResult notRun = notRun(Workload.READ_YOUR_WRITES, "multi-host", "every INSERT would fail");
        List<RunResult> read = ResultsCsv.read(ResultsCsv.write(List.of(wrong, notRun)));
        assertThat(read).hasSize(2);
        RunResult first = read.get(0);
        assertThat(first.round()).isEqualTo(2);
        assertThat(first.workload()).isEqualTo(Workload.MIX);
        assertThat(first.support()).isEqualTo(WorkloadSupport.Kind.WRONG_ROUTE);
        assertThat(first.note()).isEqualTo("UPDATE on a standby, \"read-only\"");
        assertThat(first.throughput()).isEqualTo(900.5);
        assertThat(first.p99Millis()).isEqualTo(3.25);
        assertThat(first.errors()).isEqualTo(12);
        assertThat(first.statements()).containsExactly(Map.entry("primary", 10L), Map.entry("replica-1", 45L),
                Map.entry("replica-2", 45L));
        assertThat(first.errorKinds())
                .containsExactly(Map.entry("SQLSTATE 25006: cannot execute UPDATE in a read-only transaction", 12L));
        RunResult second = read.get(1);
        assertThat(second.wasRun()).isFalse();
        assertThat(second.throughput()).isNaN();
        assertThat(second.statements()).isEmpty();
    }

    @Test
    void errorKindsWithThePipeCharacterAreKeptApart() {
        RunResult result = result(1, Workload.MIX, "router", WorkloadSupport.Kind.CORRECT, "", 1, 1, 3,
                Map.of("a | b", 1L, "c", 2L));
        RunResult read = ResultsCsv.read(ResultsCsv.write(List.of(result))).get(0);
        assertThat(read.errorKinds()).containsOnly(Map.entry("a / b", 1L), Map.entry("c", 2L));
    }

    @Test
    void parsesQuotedFieldsWithCommasQuotesAndLineBreaks() {
        assertThat(ResultsCsv.parse("a,\"b,c\",\"d\"\"e\",\"f\ng\"\r\nh,,\n")).containsExactly(
                List.of("a", "b,c", "d\"e", "f\ng"), List.of("h", "", ""));
    }

    @Test
    void rejectsAForeignHeader() {
        assertThatIllegalArgumentException().isThrownBy(() -> ResultsCsv.read("a,b,c\n"))
                .withMessageStartingWith("results CSV header must be [round, workload,");
    }

    @Test
    void namesTheLineOfABadNumber() {
        String csv = ResultsCsv.write(List.of(result(1, Workload.POINT_READ, "router", 1000, 2)))
                .replace(",5000,", ",many,");
        assertThatIllegalArgumentException().isThrownBy(() -> ResultsCsv.read(csv))
                .withMessage("results CSV line 2: operations must be a whole number, was 'many'");
    }

    @Test
    void namesALineWithTheWrongNumberOfFields() {
        String csv = ResultsCsv.write(List.of(result(1, Workload.POINT_READ, "router", 1000, 2))) + "1,2\n";
        assertThatIllegalArgumentException().isThrownBy(() -> ResultsCsv.read(csv))
                .withMessage("results CSV line 3 has 2 fields, expected 19");
    }

    @Test
    void rejectsAnEmptyFile() {
        assertThatIllegalArgumentException().isThrownBy(() -> ResultsCsv.read(""))
                .withMessage("results CSV is empty: no header");
    }

}
