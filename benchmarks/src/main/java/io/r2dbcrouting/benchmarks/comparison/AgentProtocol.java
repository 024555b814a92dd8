package io.r2dbcrouting.benchmarks.comparison;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * The line protocol between the coordinator ({@link ComparisonMain} with {@code --isolation jvm}) and a contender's
 * agent ({@link ContenderAgent}): one message a line, UTF-8, on the agent's standard input (commands) and standard
 * output (replies). A line is {@value #PREFIX}, a verb, then {@code key=value} fields separated by spaces, each value
 * percent-encoded ({@link URLEncoder}), for example
 * <pre>
 * r2r-agent run workload=mix-90-10 concurrency=32 warmup_ms=1000 longest_warmup_ms=6000 quiet_ms=1000 …
 * </pre>
 * Lines of the agent's standard output without the prefix are not messages (the JVM prints its warnings there); the
 * coordinator passes them on to its console.
 * <p>
 * Commands: {@value #WARM_UP} and {@value #RUN} with a {@link LoadPlan} ({@link #plan(Map)}), {@code run} with the
 * workload too; {@value #QUIT}, or the end of the agent's standard input. Replies: {@value #READY} (the contender's
 * description) or {@value #UNAVAILABLE} (a reason) once at start; {@value #WARMED_UP} and {@value #RESULT} with a
 * {@link Measurement} ({@link #measurement(Map)}); {@value #MEASURING} when a run's window opens, before its result;
 * {@value #ERROR} with a message when a command failed.
 */
final class AgentProtocol {

    /** Starts every message line. */
    static final String PREFIX = "r2r-agent";

    static final String WARM_UP = "warm-up";

    static final String RUN = "run";

    static final String QUIT = "quit";

    static final String READY = "ready";

    static final String UNAVAILABLE = "unavailable";

    static final String WARMED_UP = "warmed-up";

    static final String MEASURING = "measuring";

    static final String RESULT = "result";

    static final String ERROR = "error";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private AgentProtocol() {
    }

    /**
     * One line of the protocol.
     *
     * @param verb   what it is ({@link #RUN}, {@link #RESULT}, …)
     * @param fields its fields, in order
     */
    record Message(String verb, Map<String, String> fields) {

        /**
         * @throws IllegalArgumentException if the verb or a key is not a lower-case name ({@code [a-z0-9._-]})
         */
        Message {
            checkName("verb", verb);
            fields.keySet().forEach(key -> checkName("field name", key));
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        Message(String verb) {
            this(verb, Map.of());
        }

        private static void checkName(String what, String name) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(what + " must be a lower-case name ([a-z0-9._-]), was '" + name
                        + "'");
            }
        }

        /** The line, without its line separator. */
        String encode() {
            StringJoiner line = new StringJoiner(" ");
            line.add(PREFIX).add(this.verb);
            this.fields.forEach((key, value) -> line.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return line.toString();
        }

        /**
         * Reads a line: empty when it does not start with {@link #PREFIX} and a space.
         *
         * @throws IllegalArgumentException naming the line if it starts with the prefix but is malformed
         */
        static Optional<Message> decode(String line) {
            if (!line.startsWith(PREFIX + " ")) {
                return Optional.empty();
            }
            String[] parts = line.substring(PREFIX.length() + 1).strip().split(" +");
            if (parts[0].isEmpty()) {
                throw new IllegalArgumentException("agent message without a verb: '" + line + "'");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int equals = parts[i].indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("agent message field " + i + " must be key=value, was '"
                            + parts[i] + "' in '" + line + "'");
                }
                String value;
                try {
                    value = URLDecoder.decode(parts[i].substring(equals + 1), StandardCharsets.UTF_8);
                }
                catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("agent message field " + i + " has a malformed value: '"
                            + parts[i] + "' in '" + line + "'", ex);
                }
                if (fields.put(parts[i].substring(0, equals), value) != null) {
                    throw new IllegalArgumentException("agent message field '" + parts[i].substring(0, equals)
                            + "' appears twice in '" + line + "'");
                }
            }
            return Optional.of(new Message(parts[0], fields));
        }

        /**
         * A field's value.
         *
         * @throws IllegalArgumentException naming the verb and the field when it is missing
         */
        String get(String key) {
            return field(this.fields, "message '" + this.verb + "'", key);
        }

        boolean is(String verb) {
            return this.verb.equals(verb);
        }

    }

    /** The fields of a load plan, for {@link #WARM_UP} and {@link #RUN}. */
    static Map<String, String> planFields(LoadPlan plan) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("concurrency", Integer.toString(plan.concurrency()));
        fields.put("warmup_ms", Long.toString(plan.warmup().toMillis()));
        fields.put("longest_warmup_ms", Long.toString(plan.longestWarmup().toMillis()));
        fields.put("quiet_ms", Long.toString(plan.quietStretch().toMillis()));
        fields.put("duration_ms", Long.toString(plan.duration().toMillis()));
        fields.put("grace_ms", Long.toString(plan.grace().toMillis()));
        return fields;
    }

    /**
     * Reads what {@link #planFields(LoadPlan)} wrote.
     *
     * @throws IllegalArgumentException naming a missing or malformed field
     */
    static LoadPlan plan(Map<String, String> fields) {
        return new LoadPlan(Math.toIntExact(number(fields, "plan", "concurrency")), millis(fields, "warmup_ms"),
                millis(fields, "duration_ms"), millis(fields, "grace_ms"), millis(fields, "longest_warmup_ms"),
                millis(fields, "quiet_ms"));
    }

    /** The fields of a measurement, for {@link #WARMED_UP} and {@link #RESULT}. */
    static Map<String, String> measurementFields(Measurement measurement) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("operations", Long.toString(measurement.operations()));
        fields.put("errors", Long.toString(measurement.errors()));
        fields.put("unfinished", Long.toString(measurement.unfinished()));
        fields.put("window_ns", Long.toString(measurement.windowNanos()));
        fields.put("cpu_ns", Long.toString(measurement.cpuNanos()));
        fields.put("jit_ns", Long.toString(measurement.jitNanos()));
        fields.put("warmup_ns", Long.toString(measurement.warmupNanos()));
        fields.put("error_kinds", errorKinds(measurement.errorKinds()));
        fields.put("latencies", histogram(measurement.latencies()));
        return fields;
    }

    /**
     * Reads what {@link #measurementFields(Measurement)} wrote.
     *
     * @throws IllegalArgumentException naming a missing or malformed field
     */
    static Measurement measurement(Map<String, String> fields) {
        return new Measurement(number(fields, "measurement", "operations"), number(fields, "measurement", "errors"),
                number(fields, "measurement", "unfinished"), number(fields, "measurement", "window_ns"),
                histogram(field(fields, "measurement", "latencies")),
                errorKinds(field(fields, "measurement", "error_kinds")), number(fields, "measurement", "cpu_ns"),
                number(fields, "measurement", "jit_ns"), number(fields, "measurement", "warmup_ns"));
    }

    /** {@code count:kind} pairs separated by commas, each kind percent-encoded; empty for none. */
    static String errorKinds(Map<String, Long> kinds) {
        StringJoiner joined = new StringJoiner(",");
        kinds.forEach((kind, count) -> joined.add(count + ":" + URLEncoder.encode(kind, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    static Map<String, Long> errorKinds(String text) {
        Map<String, Long> kinds = new TreeMap<>();
        if (text.isEmpty()) {
            return kinds;
        }
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            try {
                kinds.put(URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8),
                        Long.parseLong(pair.substring(0, Math.max(colon, 0))));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("error kinds must be count:kind pairs, was '" + pair + "'", ex);
            }
        }
        return kinds;
    }

    /** The histogram compressed ({@link Histogram#encodeIntoCompressedByteBuffer}), in URL-safe Base64. */
    static String histogram(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    static Histogram histogram(String text) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getUrlDecoder().decode(text)),
                    LoadGenerator.HIGHEST_NANOS);
        }
        catch (DataFormatException | RuntimeException ex) {
            throw new IllegalArgumentException("latencies must be a compressed histogram in URL-safe Base64, was '"
                    + (text.length() <= 40 ? text : text.substring(0, 39) + "…") + "'", ex);
        }
    }

    private static String field(Map<String, String> fields, String what, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("agent " + what + " has no field '" + key + "': " + fields.keySet());
        }
        return value;
    }

    private static long number(Map<String, String> fields, String what, String key) {
        String value = field(fields, what, key);
        try {
            return Long.parseLong(value);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("agent " + what + " field '" + key + "' must be a whole number, was '"
                    + value + "'", ex);
        }
    }

    private static Duration millis(Map<String, String> fields, String key) {
        return Duration.ofMillis(number(fields, "plan", key));
    }

}
