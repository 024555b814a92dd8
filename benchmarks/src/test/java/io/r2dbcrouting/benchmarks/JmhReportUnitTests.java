package io.r2dbcrouting.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Unit tests for {@link JmhReport}: JMH's JSON as 1.37 writes it, to a Markdown table.
 */
class JmhReportUnitTests {

    private static final String RESULTS = """
            [
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "io.r2dbcrouting.benchmarks.SelectorBenchmark.nextContended",
                    "mode" : "avgt",
                    "threads" : 2,
                    "forks" : 1,
                    "jvm" : "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                    "jvmArgs" : [ "-Xms1g", "-Xmx1g" ],
                    "jdkVersion" : "17.0.15",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "17.0.15+6-Debian-1deb12u1",
                    "warmupIterations" : 2,
                    "warmupTime" : "1 s",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : 3,
                    "measurementTime" : "1 s",
                    "measurementBatchSize" : 1,
                    "params" : { "candidates" : "5", "strategy" : "round-robin" },
                    "primaryMetric" : {
                        "score" : 123.45678,
                        "scoreError" : 4.5E-1,
                        "scoreConfidence" : [ 123.0, 123.9 ],
                        "scoreUnit" : "ns/op",
                        "rawData" : [ [ 123.1, 123.5, 123.7 ] ]
                    },
                    "secondaryMetrics" : {
                        "gc.alloc.rate" : { "score" : 0.001, "scoreError" : "NaN", "scoreUnit" : "MB/sec" },
                        "gc.alloc.rate.norm" : { "score" : 1.2E-4, "scoreError" : 0.0, "scoreUnit" : "B/op" }
                    }
                },
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "io.r2dbcrouting.benchmarks.AcquisitionBenchmark.routedReplica",
                    "mode" : "avgt",
                    "threads" : 1,
                    "forks" : 1,
                    "jvmArgs" : [ "-Xms1g", "-Xmx1g" ],
                    "jdkVersion" : "17.0.15",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "17.0.15+6-Debian-1deb12u1",
                    "warmupIterations" : 2,
                    "warmupTime" : "1 s",
                    "measurementIterations" : 1,
                    "measurementTime" : "1 s",
                    "primaryMetric" : {
                        "score" : 181.2,
                        "scoreError" : "NaN",
                        "scoreUnit" : "us/op"
                    },
                    "secondaryMetrics" : {
                        "gc.alloc.rate.norm" : { "score" : 20480.7, "scoreError" : "NaN", "scoreUnit" : "B/op" }
                    }
                }
            ]
            """;

    @Test
    void rendersOneRowPerResult() {
        String markdown = JmhReport.render(RESULTS, "jmh-x.json");
        assertThat(markdown).startsWith("# JMH results: jmh-x.json\n\n"
                + "- JMH 1.37, OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1 (JDK 17.0.15)\n"
                + "- JVM options: `-Xms1g -Xmx1g`\n"
                + "- Forks × iterations: 1 fork(s), warm-up 2 × 1 s, measurement 3 × 1 s; "
                + "1 fork(s), warm-up 2 × 1 s, measurement 1 × 1 s\n\n");
        assertThat(markdown).contains(
                "| SelectorBenchmark.nextContended | candidates=5, strategy=round-robin | 2 | 123.5 ± 0.450 | ns/op | ≈ 0 |\n",
                "| AcquisitionBenchmark.routedReplica |  | 1 | 181.2 ± n/a | us/op | 20481 |\n");
        assertThat(markdown).doesNotContain("SQL corpus");
    }

    @Test
    void describesTheCorpusWhenTheClassifierRan() {
        String markdown = JmhReport.render(RESULTS.replace("SelectorBenchmark.nextContended",
                "ClassifierBenchmark.classifyCorpus"), "jmh-x.json");
        assertThat(markdown).contains("- SQL corpus (this jar's): " + SqlCorpus.STATEMENTS + " statements in ");
    }

    @Test
    void rendersEmptyResults() {
        assertThat(JmhReport.render(" [ ] ", "empty.json")).isEqualTo("# JMH results: empty.json\n\nNo benchmark results.\n");
    }

    @Test
    void formatsFourSignificantDigits() {
        assertThat(List.of(JmhReport.format(0.000123), JmhReport.format(1.23456), JmhReport.format(12.3456),
                JmhReport.format(123.456), JmhReport.format(12345.6), JmhReport.format(Double.NaN)))
                .containsExactly("0.000", "1.235", "12.35", "123.5", "12346", "n/a");
    }

    @Test
    void parsesJson() {
        Object parsed = JmhReport.Json.parse("{\"a\": [1, -2.5e1, true, false, null, \"x\\\"\\u00e9\\n\"], \"b\": {}}");
        assertThat(parsed).isEqualTo(Map.of("a", java.util.Arrays.asList(1.0, -25.0, true, false, null, "x\"é\n"),
                "b", Map.of()));
    }

    @Test
    void rejectsMalformedJson() {
        assertThatIllegalArgumentException().isThrownBy(() -> JmhReport.Json.parse("[1, 2"))
                .withMessage("Malformed JSON at offset 5: expected ']'");
        assertThatIllegalArgumentException().isThrownBy(() -> JmhReport.render("{}", "x.json"))
                .withMessage("the top level must be a JSON array, was LinkedHashMap");
    }

}
