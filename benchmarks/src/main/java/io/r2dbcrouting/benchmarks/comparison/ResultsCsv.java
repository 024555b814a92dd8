package io.r2dbcrouting.benchmarks.comparison;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results CSV: one {@link RunResult} a line, RFC 4180 quoting, a header naming every column. The servers'
 * statement counts take one column each ({@code statements_primary}, {@code statements_replica-1}, …); error kinds
 * are one column of {@code count kind} entries joined by {@code " | "}. Numbers use a dot, NaN is an empty field.
 */
final class ResultsCsv {

    private static final List<String> FIXED_COLUMNS = List.of("round", "workload", "contender", "title", "support",
            "note", "seconds", "operations", "errors", "throughput_ops_s", "p50_ms", "p95_ms", "p99_ms", "max_ms",
            "client_cpu_us_per_op");

    private static final String STATEMENTS_PREFIX = "statements_";

    private static final String ERROR_KINDS = "error_kinds";

    private static final String KIND_SEPARATOR = " | ";

    private ResultsCsv() {
    }

    /**
     * Writes results; the server columns are those of the first result that was run.
     *
     * @throws IllegalArgumentException if results that were run name different servers
     */
    static String write(List<RunResult> results) {
        List<String> servers = servers(results);
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(FIXED_COLUMNS);
        servers.forEach(server -> header.add(STATEMENTS_PREFIX + server));
        header.add(ERROR_KINDS);
        line(out, header);
        for (RunResult result : results) {
            if (result.wasRun() && !List.copyOf(result.statements().keySet()).equals(servers)) {
                throw new IllegalArgumentException("result of " + result.contender() + " round " + result.round()
                        + " counts servers " + result.statements().keySet() + ", expected " + servers);
            }
            List<String> fields = new ArrayList<>();
            fields.add(Integer.toString(result.round()));
            fields.add(result.workload().id());
            fields.add(result.contender());
            fields.add(result.title());
            fields.add(result.support().id());
            fields.add(result.note());
            fields.add(number(result.seconds(), 3));
            fields.add(Long.toString(result.operations()));
            fields.add(Long.toString(result.errors()));
            fields.add(number(result.throughput(), 1));
            fields.add(number(result.p50Millis(), 3));
            fields.add(number(result.p95Millis(), 3));
            fields.add(number(result.p99Millis(), 3));
            fields.add(number(result.maxMillis(), 3));
            fields.add(number(result.cpuMicros(), 2));
            for (String server : servers) {
                Long count = result.statements().get(server);
                fields.add(count == null ? "" : Long.toString(count));
            }
            List<String> kinds = new ArrayList<>();
            result.errorKinds().forEach((kind, count) -> kinds.add(count + " " + kind.replace("|", "/")));
            fields.add(String.join(KIND_SEPARATOR, kinds));
            line(out, fields);
        }
        return out.toString();
    }

    /**
     * Reads what {@link #write(List)} wrote.
     *
     * @throws IllegalArgumentException naming the line and column of anything malformed
     */
    static List<RunResult> read(String csv) {
        List<List<String>> rows = parse(csv);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("results CSV is empty: no header");
        }
        List<String> header = rows.get(0);
        if (header.size() < FIXED_COLUMNS.size() + 1 || !header.subList(0, FIXED_COLUMNS.size()).equals(FIXED_COLUMNS)
                || !header.get(header.size() - 1).equals(ERROR_KINDS)) {
            throw new IllegalArgumentException("results CSV header must be " + FIXED_COLUMNS + ", statements_<server>…, "
                    + ERROR_KINDS + "; was " + header);
        }
        List<String> servers = new ArrayList<>();
        for (String column : header.subList(FIXED_COLUMNS.size(), header.size() - 1)) {
            if (!column.startsWith(STATEMENTS_PREFIX)) {
                throw new IllegalArgumentException("results CSV column '" + column + "' must start with "
                        + STATEMENTS_PREFIX);
            }
            servers.add(column.substring(STATEMENTS_PREFIX.length()));
        }
        List<RunResult> results = new ArrayList<>();
        for (int line = 1; line < rows.size(); line++) {
            List<String> row = rows.get(line);
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("results CSV line " + (line + 1) + " has " + row.size()
                        + " fields, expected " + header.size());
            }
            try {
                results.add(result(row, servers));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("results CSV line " + (line + 1) + ": " + ex.getMessage(), ex);
            }
        }
        return results;
    }

    private static RunResult result(List<String> row, List<String> servers) {
        Map<String, Long> statements = new LinkedHashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            String count = row.get(FIXED_COLUMNS.size() + i);
            if (!count.isEmpty()) {
                statements.put(servers.get(i), parseLong(count, STATEMENTS_PREFIX + servers.get(i)));
            }
        }
        Map<String, Long> kinds = new LinkedHashMap<>();
        String kindsField = row.get(row.size() - 1);
        if (!kindsField.isEmpty()) {
            for (String entry : kindsField.split(java.util.regex.Pattern.quote(KIND_SEPARATOR))) {
                int space = entry.indexOf(' ');
                if (space < 1) {
                    throw new IllegalArgumentException(ERROR_KINDS + " entry '" + entry + "' must be 'count kind'");
                }
                kinds.put(entry.substring(space + 1), parseLong(entry.substring(0, space), ERROR_KINDS));
            }
        }
        return new RunResult((int) parseLong(row.get(0), "round"), Workload.of(row.get(1)), row.get(2), row.get(3),
                WorkloadSupport.Kind.of(row.get(4)), row.get(5), parseDouble(row.get(6), "seconds"),
                parseLong(row.get(7), "operations"), parseLong(row.get(8), "errors"),
                parseDouble(row.get(9), "throughput_ops_s"), parseDouble(row.get(10), "p50_ms"),
                parseDouble(row.get(11), "p95_ms"), parseDouble(row.get(12), "p99_ms"),
                parseDouble(row.get(13), "max_ms"), parseDouble(row.get(14), "client_cpu_us_per_op"), statements, kinds);
    }

    private static List<String> servers(List<RunResult> results) {
        for (RunResult result : results) {
            if (result.wasRun()) {
                return List.copyOf(result.statements().keySet());
            }
        }
        return List.of();
    }

    private static String number(double value, int decimals) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static long parseLong(String text, String column) {
        try {
            return Long.parseLong(text);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(column + " must be a whole number, was '" + text + "'");
        }
    }

    private static double parseDouble(String text, String column) {
        if (text.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(column + " must be a number, was '" + text + "'");
        }
    }

    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String field = fields.get(i);
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0) {
                out.append('"').append(field.replace("\"", "\"\"")).append('"');
            }
            else {
                out.append(field);
            }
        }
        out.append('\n');
    }

    /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    }
                    else {
                        quoted = false;
                    }
                }
                else {
                    field.append(c);
                }
            }
            else if (c == '"') {
                quoted = true;
            }
            else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            }
            else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            }
            else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("results CSV ends inside a quoted field");
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

}
