package io.r2dbcrouting.internal.reference;

import java.util.Arrays;

/**
 * Frozen copy, for {@link ReferenceStatementClassifier} only.
 * <p>
 * A fixed set of keywords, matched against a token of SQL text in place, ignoring the case of ASCII letters as
 * PostgreSQL folds unquoted words. The keywords are bucketed by length, so that a look-up compares a token only with
 * the few keywords as long as it: the first word of a statement is looked up in sets of up to 33.
 */
final class SqlKeywords {

    /** The keywords of each length, in upper case. */
    private final String[][] keywordsByLength;

    private SqlKeywords(String[][] keywordsByLength) {
        this.keywordsByLength = keywordsByLength;
    }

    /**
     * Returns the set of the given keywords.
     */
    static SqlKeywords of(String... keywords) {
        int maxLength = Arrays.stream(keywords).mapToInt(String::length).max().orElse(0);
        String[][] keywordsByLength = new String[maxLength + 1][];
        for (int length = 0; length <= maxLength; length++) {
            int bucketLength = length;
            keywordsByLength[length] = Arrays.stream(keywords)
                    .filter(keyword -> keyword.length() == bucketLength)
                    .toArray(String[]::new);
        }
        return new SqlKeywords(keywordsByLength);
    }

    /**
     * Returns whether the token {@code [start, end)} is one of these keywords.
     */
    boolean contains(String sql, int start, int end) {
        int length = end - start;
        if (length >= keywordsByLength.length) {
            return false;
        }
        for (String keyword : keywordsByLength[length]) {
            if (SqlLexer.equalsIgnoreCase(sql, start, end, keyword)) {
                return true;
            }
        }
        return false;
    }

}
