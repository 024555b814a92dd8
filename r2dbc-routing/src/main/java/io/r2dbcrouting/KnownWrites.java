package io.r2dbcrouting;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SQL texts that a replica refused as writes (a function that writes, called in a SELECT), remembered so that the
 * next run goes straight to the primary. Bounded: the least recently used text is forgotten first. Checking costs
 * nothing while nothing has been remembered.
 */
final class KnownWrites {

    private final Map<String, Boolean> texts;

    private volatile boolean empty = true;

    KnownWrites(int capacity) {
        this.texts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    boolean contains(String sql) {
        if (this.empty) {
            return false;
        }
        synchronized (this.texts) {
            return this.texts.get(sql) != null;
        }
    }

    void add(String sql) {
        synchronized (this.texts) {
            this.texts.put(sql, Boolean.TRUE);
        }
        this.empty = false;
    }
}
