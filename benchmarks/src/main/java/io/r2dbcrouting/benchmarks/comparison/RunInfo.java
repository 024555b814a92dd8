package io.r2dbcrouting.benchmarks.comparison;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a report says about its run besides the figures: when, on which machine, with which settings and which
 * contenders set up how. Kept in order as {@code key=value} lines ({@code run.properties} beside the CSV), so that a
 * report can be rendered again from the files of a run.
 */
final class RunInfo {

    static final String FILE_NAME = "run.properties";

    private final Map<String, String> values;

    RunInfo(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Reads the machine's description: CPU, cores, memory, OS, kernel, Java, load average. */
    static Map<String, String> describeMachine() {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("machine.cpu", firstValue(Path.of("/proc/cpuinfo"), "model name", "unknown CPU"));
        machine.put("machine.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal", "");
        if (memory.endsWith(" kB")) {
            try {
                long kb = Long.parseLong(memory.substring(0, memory.length() - 3).trim());
                memory = String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
            }
            catch (NumberFormatException ex) {
                // keep the text as it is
            }
        }
        machine.put("machine.memory", memory.isEmpty() ? "unknown" : memory);
        String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", System.getProperty("os.name"));
        machine.put("machine.os", os.replace("\"", ""));
        machine.put("machine.kernel", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("machine.java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return machine;
    }

    /** The 1-, 5- and 15-minute load averages, or {@code unknown}. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
        }
        catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key, String fallback) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                // 'model name\t: …' (cpuinfo), 'MemTotal:  … kB' (meminfo), 'PRETTY_NAME="…"' (os-release)
                if (line.startsWith(key)) {
                    String rest = line.substring(key.length()).stripLeading();
                    if (rest.startsWith(":") || rest.startsWith("=")) {
                        return rest.substring(1).trim();
                    }
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // not Linux, or not readable: the fallback says so
        }
        return fallback;
    }

    @Nullable
    String get(String key) {
        return this.values.get(key);
    }

    String get(String key, String fallback) {
        String value = this.values.get(key);
        return value == null ? fallback : value;
    }

    Map<String, String> values() {
        return this.values;
    }

    /** The ids of the contenders, in the order they were set up. */
    List<String> contenders() {
        List<String> ids = new ArrayList<>();
        for (String key : this.values.keySet()) {
            if (key.startsWith("contender.") && key.endsWith(".title")) {
                ids.add(key.substring("contender.".length(), key.length() - ".title".length()));
            }
        }
        return ids;
    }

    String write() {
        StringBuilder out = new StringBuilder();
        this.values.forEach((key, value) -> out.append(key).append('=')
                .append(value.replace('\n', ' ').replace('\r', ' ')).append('\n'));
        return out.toString();
    }

    /**
     * Reads what {@link #write()} wrote.
     *
     * @throws IllegalArgumentException naming a line without '='
     */
    static RunInfo read(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException(FILE_NAME + " line " + (i + 1) + " must be key=value, was '" + line
                        + "'");
            }
            values.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return new RunInfo(values);
    }

}
