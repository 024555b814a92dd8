package io.r2dbcrouting;

import java.util.concurrent.ConcurrentHashMap;

import io.r2dbcrouting.internal.StatementClassifier;
import io.r2dbcrouting.internal.StatementKind;

/**
 * The classifier's answers, remembered by SQL text: applications run the same few hundred statements again and
 * again, and a lookup (the text's hash is usually cached in the string) costs a fraction of classifying it anew.
 * <p>
 * Bounded, for applications that build SQL with literal values in it: texts longer than {@value #MAX_SQL_LENGTH}
 * characters are not remembered, and when {@value #MAX_ENTRIES} texts are, the cache starts over rather than grow.
 * Answers never go stale: a text's kind depends only on the text and the factory's fixed configuration.
 */
final class ClassificationCache {

    static final int MAX_ENTRIES = 4096;

    static final int MAX_SQL_LENGTH = 4096;

    private final StatementClassifier classifier;

    private final ConcurrentHashMap<String, StatementKind> kinds = new ConcurrentHashMap<>();

    ClassificationCache(StatementClassifier classifier) {
        this.classifier = classifier;
    }

    StatementKind classify(String sql) {
        StatementKind kind = this.kinds.get(sql);
        if (kind != null) {
            return kind;
        }
        kind = this.classifier.classify(sql);
        if (sql.length() <= MAX_SQL_LENGTH) {
            if (this.kinds.size() >= MAX_ENTRIES) {
                this.kinds.clear();
            }
            this.kinds.put(sql, kind);
        }
        return kind;
    }

    /** How many texts are remembered. */
    int size() {
        return this.kinds.size();
    }
}
