package io.r2dbcrouting.internal;

/**
 * A PostgreSQL lexer that works in place. Every method takes the text and a position and returns a position or a
 * flag, so tokenising allocates nothing. It knows only what routing needs: where tokens start and end, so that words
 * inside comments, string literals and quoted identifiers are never taken for keywords.
 * <p>
 * A token is a word (keyword or identifier), a quoted identifier, a string literal ({@code '…'}, {@code E'…'},
 * {@code $tag$…$tag$}; {@code U&'…'} lexes as the word {@code U}, {@code &} and a plain literal), a number, a bind
 * marker {@code $1}, or a single other character ({@code (}, {@code ;}, {@code .}, operator characters, …).
 * Unterminated literals and comments run to the end of the text: PostgreSQL rejects them anyway.
 * <p>
 * Backslashes escape only in {@code E'…'} strings, which assumes {@code standard_conforming_strings = on}, the
 * default since PostgreSQL 9.1.
 */
final class SqlLexer {

    private SqlLexer() {
    }

    /**
     * Returns where the statement starting at {@code from} ends: at its terminating {@code ;} or at the end of the
     * text.
     */
    static int statementEnd(String sql, int from) {
        for (int start = skipTrivia(sql, from); start < sql.length(); start = skipTrivia(sql, tokenEnd(sql, start))) {
            if (sql.charAt(start) == ';') {
                return start;
            }
        }
        return sql.length();
    }

    /**
     * Returns where the next token starts at or after {@code pos}, skipping whitespace, {@code --} line comments and
     * (nested) block comments, or the length of the text if nothing but those follows.
     */
    static int skipTrivia(String sql, int pos) {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (isWhitespace(c)) {
                pos++;
            } else if (c == '-' && charAt(sql, pos + 1) == '-') {
                pos = lineCommentEnd(sql, pos + 2);
            } else if (c == '/' && charAt(sql, pos + 1) == '*') {
                pos = blockCommentEnd(sql, pos + 2);
            } else {
                return pos;
            }
        }
        return sql.length();
    }

    /**
     * Returns where the token starting at {@code start} ends; {@code start} must be a token start, as returned by
     * {@link #skipTrivia}, and lie inside the text.
     */
    static int tokenEnd(String sql, int start) {
        char c = sql.charAt(start);
        if (c == '\'' || c == '"') {
            return quotedEnd(sql, start + 1, c, false);
        }
        if (c == '$') {
            return dollarTokenEnd(sql, start);
        }
        if (isEscapeStringStart(sql, start)) {
            return quotedEnd(sql, start + 2, '\'', true);
        }
        if (isIdentifierStart(c) || isDigit(c)) {
            // numbers take letters too (1e5, 0x1F, 1_000): they only need to stay one token
            int end = start + 1;
            while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
                end++;
            }
            return end;
        }
        return start + 1;
    }

    /**
     * Returns whether the token {@code [start, end)} is a name: a keyword or identifier, or a terminated quoted
     * identifier.
     */
    static boolean isName(String sql, int start, int end) {
        char c = sql.charAt(start);
        if (c == '"') {
            return end - start >= 2 && sql.charAt(end - 1) == '"';
        }
        return isIdentifierStart(c) && !isEscapeStringStart(sql, start);
    }

    /**
     * Returns whether the token {@code [start, end)} is a quoted identifier such as {@code "nextval"}.
     */
    static boolean isQuotedName(String sql, int start, int end) {
        return sql.charAt(start) == '"' && isName(sql, start, end);
    }

    /**
     * Returns whether {@code [start, end)} is {@code word}, ignoring the case of ASCII letters only, as PostgreSQL
     * folds unquoted keywords and identifiers.
     */
    static boolean equalsIgnoreCase(String sql, int start, int end, String word) {
        return end - start == word.length() && regionEqualsIgnoreCase(sql, start, word);
    }

    /**
     * Returns whether {@code [start, end)} starts with {@code prefix}, ignoring the case of ASCII letters.
     */
    static boolean startsWithIgnoreCase(String sql, int start, int end, String prefix) {
        return end - start >= prefix.length() && regionEqualsIgnoreCase(sql, start, prefix);
    }

    /**
     * Returns whether {@code text} as a whole is one unquoted identifier.
     */
    static boolean isIdentifier(String text) {
        return !text.isEmpty() && isIdentifierStart(text.charAt(0)) && !isEscapeStringStart(text, 0)
                && tokenEnd(text, 0) == text.length();
    }

    private static boolean regionEqualsIgnoreCase(String sql, int start, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (toLowerAscii(sql.charAt(start + i)) != toLowerAscii(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static int lineCommentEnd(String sql, int pos) {
        while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
        return pos;
    }

    private static int blockCommentEnd(String sql, int pos) {
        // PostgreSQL nests block comments: /* a /* b */ still a comment */
        int depth = 1;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '/' && charAt(sql, pos + 1) == '*') {
                depth++;
                pos += 2;
            } else if (c == '*' && charAt(sql, pos + 1) == '/') {
                pos += 2;
                if (--depth == 0) {
                    return pos;
                }
            } else {
                pos++;
            }
        }
        return sql.length();
    }

    /**
     * Returns where a literal or quoted identifier ends, given the position after its opening quote. A doubled quote
     * stands for itself; with {@code backslashEscapes} a backslash escapes the next character.
     */
    private static int quotedEnd(String sql, int pos, char quote, boolean backslashEscapes) {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\\' && backslashEscapes) {
                pos += 2;
            } else if (c == quote) {
                if (charAt(sql, pos + 1) != quote) {
                    return pos + 1;
                }
                pos += 2;
            } else {
                pos++;
            }
        }
        return sql.length();
    }

    /**
     * {@code $1} is a bind marker; {@code $$} or {@code $tag$} opens a string that runs to the same delimiter; any
     * other {@code $} is a character of its own.
     */
    private static int dollarTokenEnd(String sql, int start) {
        int pos = start + 1;
        if (isDigit(charAt(sql, pos))) {
            while (isDigit(charAt(sql, pos))) {
                pos++;
            }
            return pos;
        }
        while (isIdentifierStart(charAt(sql, pos)) || isDigit(charAt(sql, pos))) {
            pos++;
        }
        if (charAt(sql, pos) != '$') {
            return start + 1;
        }
        int delimiterLength = pos + 1 - start;
        for (int close = sql.indexOf('$', pos + 1); close >= 0; close = sql.indexOf('$', close + 1)) {
            if (sql.regionMatches(close, sql, start, delimiterLength)) {
                return close + delimiterLength;
            }
        }
        return sql.length();
    }

    private static boolean isEscapeStringStart(String sql, int start) {
        char c = sql.charAt(start);
        return (c == 'E' || c == 'e') && charAt(sql, start + 1) == '\'';
    }

    /** Returns the character at {@code pos}, or {@code 0} past the end, so that look-ahead needs no bounds checks. */
    private static char charAt(String sql, int pos) {
        return pos < sql.length() ? sql.charAt(pos) : 0;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** PostgreSQL lets identifiers start with an ASCII letter, an underscore or any non-ASCII character. */
    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '\u0080';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

}
