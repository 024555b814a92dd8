package io.r2dbcrouting.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

/**
 * Turns the JSON that JMH writes ({@code -rf json}) into a Markdown summary: one table row per benchmark and
 * parameter combination with its score and error, unit, and the allocation per operation that {@code -prof gc}
 * measures ({@code gc.alloc.rate.norm}). Needs nothing but the JDK, so a fresh clone can run it:
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.r2dbcrouting.benchmarks.JmhReport results.json [results.md]
 * </pre>
 * Without a second argument the Markdown goes to standard output.
 */
public final class JmhReport {

    private static final String PACKAGE_PREFIX = JmhReport.class.getPackageName() + ".";

    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private JmhReport() {
    }

    /**
     * Writes the summary of one JMH JSON file.
     *
     * @param args the JSON file and, optionally, the Markdown file to write
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: JmhReport <jmh-results.json> [<summary.md>]");
            System.exit(2);
        }
        Path json = Path.of(args[0]);
        String markdown = render(Files.readString(json, StandardCharsets.UTF_8), json.getFileName().toString());
        if (args.length == 2) {
            Files.writeString(Path.of(args[1]), markdown, StandardCharsets.UTF_8);
        }
        else {
            System.out.print(markdown);
        }
    }

    /**
     * Renders JMH results as Markdown.
     *
     * @param json   the content of a JMH JSON result file
     * @param source the name of that file, for the heading
     * @return the Markdown document
     * @throws IllegalArgumentException if {@code json} is not a JMH result array
     */
    static String render(String json, String source) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Object result : asList(Json.parse(json), "the top level")) {
            results.add(asMap(result, "a result"));
        }
        StringBuilder out = new StringBuilder();
        out.append("# JMH results: ").append(source).append("\n\n");
        if (results.isEmpty()) {
            return out.append("No benchmark results.\n").toString();
        }
        Map<String, Object> first = results.get(0);
        out.append("- JMH ").append(text(first.get("jmhVersion"))).append(", ").append(text(first.get("vmName")))
                .append(' ').append(text(first.get("vmVersion"))).append(" (JDK ").append(text(first.get("jdkVersion")))
                .append(")\n");
        out.append("- JVM options: ").append(distinct(results, JmhReport::jvmArgs)).append('\n');
        out.append("- Forks × iterations: ").append(distinct(results, JmhReport::iterations)).append('\n');
        if (results.stream().anyMatch(result -> text(result.get("benchmark")).contains("ClassifierBenchmark"))) {
            SqlCorpus corpus = SqlCorpus.parse(SqlCorpus.readResource());
            out.append("- SQL corpus (this jar's): ").append(corpus.size()).append(" statements in ")
                    .append(corpus.categories().size()).append(" categories, ").append(corpus.utf8Bytes())
                    .append(" UTF-8 bytes; `classifyCorpusPerByte` counts one operation per byte\n");
        }
        out.append('\n');
        out.append("| Benchmark | Params | Threads | Score ± error | Unit | ").append(ALLOCATION).append(" (B/op) |\n");
        out.append("|---|---|---:|---:|---|---:|\n");
        for (Map<String, Object> result : results) {
            Map<String, Object> primary = asMap(result.get("primaryMetric"), "primaryMetric");
            String benchmark = text(result.get("benchmark"));
            if (benchmark.startsWith(PACKAGE_PREFIX)) {
                benchmark = benchmark.substring(PACKAGE_PREFIX.length());
            }
            out.append("| ").append(cell(benchmark))
                    .append(" | ").append(cell(params(result.get("params"))))
                    .append(" | ").append(text(result.get("threads")))
                    .append(" | ").append(scoreWithError(primary))
                    .append(" | ").append(cell(text(primary.get("scoreUnit"))))
                    .append(" | ").append(allocation(result.get("secondaryMetrics")))
                    .append(" |\n");
        }
        out.append("\nErrors are JMH's 99.9% confidence half-intervals, `n/a` when too few iterations ran to compute one. ")
                .append("Allocation `≈ 0` is below 0.01 B/op. Fractions of a byte per operation are JMH's own ")
                .append("bookkeeping, a few KB per iteration spread over its operations, not allocation by the code ")
                .append("measured: they grow with the time per operation.\n");
        return out.toString();
    }

    private static String jvmArgs(Map<String, Object> result) {
        List<Object> args = result.get("jvmArgs") == null ? List.of() : asList(result.get("jvmArgs"), "jvmArgs");
        StringJoiner joined = new StringJoiner(" ");
        for (Object arg : args) {
            joined.add(text(arg));
        }
        return joined.length() == 0 ? "(none)" : "`" + joined + "`";
    }

    private static String iterations(Map<String, Object> result) {
        return text(result.get("forks")) + " fork(s), warm-up " + text(result.get("warmupIterations")) + " × "
                + text(result.get("warmupTime")) + ", measurement " + text(result.get("measurementIterations"))
                + " × " + text(result.get("measurementTime"));
    }

    /** The values a field takes across results: usually one. */
    private static String distinct(List<Map<String, Object>> results,
            java.util.function.Function<Map<String, Object>, String> field) {
        Set<String> values = new LinkedHashSet<>();
        for (Map<String, Object> result : results) {
            values.add(field.apply(result));
        }
        return String.join("; ", values);
    }

    private static String params(@Nullable Object params) {
        if (params == null) {
            return "";
        }
        StringJoiner joined = new StringJoiner(", ");
        asMap(params, "params").forEach((name, value) -> joined.add(name + "=" + text(value)));
        return joined.toString();
    }

    private static String scoreWithError(Map<String, Object> metric) {
        double score = number(metric.get("score"));
        double error = number(metric.get("scoreError"));
        return format(score) + " ± " + (Double.isFinite(error) ? format(error) : "n/a");
    }

    private static String allocation(@Nullable Object secondaryMetrics) {
        if (secondaryMetrics == null) {
            return "–";
        }
        Object metric = asMap(secondaryMetrics, "secondaryMetrics").get(ALLOCATION);
        if (metric == null) {
            return "–";
        }
        double bytes = number(asMap(metric, ALLOCATION).get("score"));
        if (!Double.isFinite(bytes)) {
            return "n/a";
        }
        return Math.abs(bytes) < 0.01 ? "≈ 0" : format(bytes);
    }

    /** Four significant digits at most, never in scientific notation, so that columns stay readable. */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        String pattern;
        if (magnitude >= 1000) {
            pattern = "%.0f";
        }
        else if (magnitude >= 100) {
            pattern = "%.1f";
        }
        else if (magnitude >= 10) {
            pattern = "%.2f";
        }
        else {
            pattern = "%.3f";
        }
        return String.format(Locale.ROOT, pattern, value);
    }

    private static double number(@Nullable Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        // JMH writes NaN and infinities as strings: JSON has no literal for them
        if (value instanceof String string) {
            try {
                return Double.parseDouble(string);
            }
            catch (NumberFormatException ex) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static String text(@Nullable Object value) {
        if (value == null) {
            return "?";
        }
        if (value instanceof Double number && number == Math.rint(number) && !Double.isInfinite(number)) {
            return Long.toString(number.longValue());
        }
        return value.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(@Nullable Object value, String what) {
        if (value instanceof Map<?, ?>) {
            return (Map<String, Object>) value;
        }
        throw new IllegalArgumentException(what + " must be a JSON object, was " + describe(value));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(@Nullable Object value, String what) {
        if (value instanceof List<?>) {
            return (List<Object>) value;
        }
        throw new IllegalArgumentException(what + " must be a JSON array, was " + describe(value));
    }

    private static String describe(@Nullable Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }

    /**
     * Just enough JSON for JMH's output: objects (in order), arrays, strings with escapes, numbers, literals.
     * JSON {@code null} becomes a Java {@code null}.
     */
    static final class Json {

        private final String text;

        private int pos;

        private Json(String text) {
            this.text = text;
        }

        static @Nullable Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.skipWhitespace();
            if (json.pos != text.length()) {
                throw json.error("end of input");
            }
            return value;
        }

        private @Nullable Object value() {
            skipWhitespace();
            if (this.pos >= this.text.length()) {
                throw error("a value");
            }
            char c = this.text.charAt(this.pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            this.pos++;
            skipWhitespace();
            if (peek('}')) {
                this.pos++;
                return object;
            }
            while (true) {
                skipWhitespace();
                if (!peek('"')) {
                    throw error("a member name");
                }
                String name = string();
                skipWhitespace();
                expect(':');
                object.put(name, value());
                skipWhitespace();
                if (peek(',')) {
                    this.pos++;
                }
                else {
                    expect('}');
                    return object;
                }
            }
        }

        private List<Object> array() {
            List<Object> array = new ArrayList<>();
            this.pos++;
            skipWhitespace();
            if (peek(']')) {
                this.pos++;
                return array;
            }
            while (true) {
                array.add(value());
                skipWhitespace();
                if (peek(',')) {
                    this.pos++;
                }
                else {
                    expect(']');
                    return array;
                }
            }
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            this.pos++;
            while (this.pos < this.text.length()) {
                char c = this.text.charAt(this.pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (this.pos >= this.text.length()) {
                    break;
                }
                char escaped = this.text.charAt(this.pos++);
                switch (escaped) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (this.pos + 4 > this.text.length()) {
                            throw error("four hex digits");
                        }
                        out.append((char) Integer.parseInt(this.text.substring(this.pos, this.pos + 4), 16));
                        this.pos += 4;
                    }
                    default -> out.append(escaped);
                }
            }
            throw error("a closing quote");
        }

        private @Nullable Object literal(String word, @Nullable Object value) {
            if (!this.text.startsWith(word, this.pos)) {
                throw error("'" + word + "'");
            }
            this.pos += word.length();
            return value;
        }

        private Double number() {
            int start = this.pos;
            while (this.pos < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.pos)) >= 0) {
                this.pos++;
            }
            try {
                return Double.valueOf(this.text.substring(start, this.pos));
            }
            catch (NumberFormatException ex) {
                this.pos = start;
                throw error("a value");
            }
        }

        private void skipWhitespace() {
            while (this.pos < this.text.length() && Character.isWhitespace(this.text.charAt(this.pos))) {
                this.pos++;
            }
        }

        private boolean peek(char c) {
            return this.pos < this.text.length() && this.text.charAt(this.pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("'" + c + "'");
            }
            this.pos++;
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("Malformed JSON at offset " + this.pos + ": expected " + expected);
        }

    }

}
