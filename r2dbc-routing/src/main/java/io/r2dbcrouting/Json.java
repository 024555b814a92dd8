package io.r2dbcrouting;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A minimal JSON writer for the observability structures' {@code toJson()}: objects of strings, numbers, booleans,
 * nested objects and arrays. Not a general-purpose library.
 */
final class Json {

    private final StringBuilder out = new StringBuilder(256);

    private boolean first = true;

    Json begin() {
        this.out.append('{');
        this.first = true;
        return this;
    }

    Json end() {
        this.out.append('}');
        this.first = false;
        return this;
    }

    Json field(String name, @Nullable Object value) {
        key(name);
        value(value);
        return this;
    }

    Json rawField(String name, String json) {
        key(name);
        this.out.append(json);
        return this;
    }

    private void key(String name) {
        if (!this.first) {
            this.out.append(',');
        }
        this.first = false;
        string(name);
        this.out.append(':');
    }

    private void value(@Nullable Object value) {
        if (value == null) {
            this.out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            this.out.append(value);
        } else if (value instanceof Map) {
            Json nested = new Json().begin();
            ((Map<?, ?>) value).forEach((k, v) -> nested.field(String.valueOf(k), v));
            this.out.append(nested.end());
        } else {
            string(String.valueOf(value));
        }
    }

    private void string(String text) {
        this.out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': this.out.append("\\\""); break;
                case '\\': this.out.append("\\\\"); break;
                case '\n': this.out.append("\\n"); break;
                case '\r': this.out.append("\\r"); break;
                case '\t': this.out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        this.out.append(String.format("\\u%04x", (int) c));
                    } else {
                        this.out.append(c);
                    }
            }
        }
        this.out.append('"');
    }

    static String array(Iterable<?> jsonObjects) {
        StringBuilder array = new StringBuilder("[");
        for (Object element : jsonObjects) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append(element);
        }
        return array.append(']').toString();
    }

    @Override
    public String toString() {
        return this.out.toString();
    }
}
