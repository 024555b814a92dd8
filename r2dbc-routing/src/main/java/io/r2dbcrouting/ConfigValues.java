package io.r2dbcrouting;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads the values of configuration keys (environment variables, URL options), given as text or, when options are
 * built programmatically, as typed objects. Every message starts with the key and quotes the bad value.
 */
final class ConfigValues {

    /** A number with an optional unit: {@code 30}, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
    private static final Pattern AMOUNT = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

    private ConfigValues() {
    }

    /**
     * {@code true}, {@code false}, {@code yes}, {@code no}, {@code 1} or {@code 0}, any case; or a {@link Boolean}.
     */
    static boolean bool(String key, Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "1":
                return true;
            case "false":
            case "no":
            case "0":
                return false;
            default:
                throw new IllegalArgumentException(key + ": must be true, false, yes, no, 1 or 0, was '" + value + "'");
        }
    }

    /**
     * An integer of at least 0, as text or a whole {@link Number}.
     */
    static int nonNegativeInt(String key, Object value) {
        return integer(key, value, 0, "a non-negative integer");
    }

    /**
     * An integer of at least 1, as text or a whole {@link Number}.
     */
    static int positiveInt(String key, Object value) {
        return integer(key, value, 1, "a positive integer");
    }

    private static int integer(String key, Object value, int minimum, String expected) {
        long number;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = ((Number) value).longValue();
        } else {
            String text = value.toString().trim();
            number = text.matches("[+-]?[0-9]{1,10}") ? Long.parseLong(text) : Long.MIN_VALUE;
        }
        if (number < minimum || number > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + ": must be " + expected + ", was '" + value + "'");
        }
        return (int) number;
    }

    /**
     * A positive duration: a {@link Duration}, an ISO-8601 text ({@code PT30M}, {@code PT0.5S}), a number of seconds
     * ({@code 30}, or a whole {@link Number}), or a number with a unit: {@code ms}, {@code s}, {@code m}, {@code h},
     * {@code d} ({@code 500ms}, {@code 5m}).
     */
    static Duration duration(String key, Object value) {
        Duration duration;
        if (value instanceof Duration) {
            duration = (Duration) value;
        } else if (value instanceof Integer || value instanceof Long) {
            duration = Duration.ofSeconds(((Number) value).longValue());
        } else {
            String text = value.toString().trim();
            Matcher amount = AMOUNT.matcher(text);
            if (amount.matches()) {
                duration = Duration.of(Long.parseLong(amount.group(1)), unit(amount.group(2)));
            } else {
                try {
                    duration = Duration.parse(text);
                } catch (DateTimeParseException ex) {
                    throw new IllegalArgumentException(key + ": must be an ISO-8601 duration like PT30M or a number of "
                        + "seconds, was '" + value + "'");
                }
            }
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(key + ": must be a positive duration, was '" + value + "'");
        }
        return duration;
    }

    private static ChronoUnit unit(@Nullable String unit) {
        if (unit == null) {
            return ChronoUnit.SECONDS;
        }
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "ms":
                return ChronoUnit.MILLIS;
            case "m":
                return ChronoUnit.MINUTES;
            case "h":
                return ChronoUnit.HOURS;
            case "d":
                return ChronoUnit.DAYS;
            default:
                return ChronoUnit.SECONDS;
        }
    }

    /**
     * A routing strategy, any case, with {@code -} or {@code _} between words or none: {@code ROUND_ROBIN},
     * {@code round-robin}, {@code roundRobin}, {@code RANDOM}.
     *
     * @throws IllegalArgumentException {@code unknown strategy 'x'; expected ROUND_ROBIN or RANDOM}
     */
    static RoutingStrategy strategy(Object value) {
        if (value instanceof RoutingStrategy) {
            return (RoutingStrategy) value;
        }
        String name = value.toString().trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (RoutingStrategy strategy : RoutingStrategy.values()) {
            if (strategy.name().replace("_", "").toLowerCase(Locale.ROOT).equals(name)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + value + "'; expected ROUND_ROBIN or RANDOM");
    }

    /**
     * The items of a comma-separated text, trimmed (empty items kept, for the caller to refuse), or of a collection or
     * array.
     */
    static ReadConsistency readConsistency(Object value) {
        if (value instanceof ReadConsistency) {
            return (ReadConsistency) value;
        }
        String text = value.toString().trim();
        for (ReadConsistency consistency : ReadConsistency.values()) {
            if (consistency.name().equalsIgnoreCase(text)) {
                return consistency;
            }
        }
        throw new IllegalArgumentException("readConsistency: unknown read consistency '" + text + "'; expected STICKY or CAUSAL");
    }

    static List<String> list(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof Collection) {
            ((Collection<?>) value).forEach(item -> items.add(String.valueOf(item).trim()));
        } else if (value instanceof Object[]) {
            for (Object item : (Object[]) value) {
                items.add(String.valueOf(item).trim());
            }
        } else if (value instanceof int[]) {
            for (int item : (int[]) value) {
                items.add(Integer.toString(item));
            }
        } else {
            for (String item : value.toString().split(",", -1)) {
                items.add(item.trim());
            }
        }
        return items;
    }

    /**
     * {@code n thing} or {@code n things}.
     */
    static String count(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }
}
