package io.r2dbcrouting;

import org.jspecify.annotations.Nullable;

/**
 * Argument checks that throw {@link IllegalArgumentException} with a message naming the setting.
 */
final class Assert {

    private Assert() {
    }

    static <T> T notNull(@Nullable T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    static String notBlank(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be null or blank, was " + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    static void isTrue(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
