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
 * <p>
 * The classifier runs on every statement, so the loops that see most characters (words and whitespace) test a
 * character with one look-up in {@link #ASCII_CLASSES} rather than a chain of comparisons, and the methods they call
 * are kept small (most within the 35 bytes of bytecode that the JIT inlines anywhere), so that they are inlined.
 */
final class SqlLexer {

    /** Whitespace, or {@code -} and {@code /}, which may open a comment: what {@link #skipTrivia} must look at. */
    private static final byte TRIVIA_START = 1;

    private static final byte WHITESPACE = 2;

    /** An ASCII letter or an underscore. */
    private static final byte WORD_START = 4;

    /** A letter, an underscore, a digit or {@code $}. */
    private static final byte WORD_PART = 8;

    /** A character that is a token by itself and never starts a longer one: {@code ( ) , . = < > + *}, … */
    private static final byte SINGLE = 16;

    /** The classes of each ASCII character; every non-ASCII character is a {@link #WORD_START} and a {@link #WORD_PART}. */
    private static final byte[] ASCII_CLASSES = asciiClasses();

    private SqlLexer() {
    }

    /**
     * Returns where the statement whose token starts at or after {@code from} ends: at its terminating {@code ;} or at
     * the end of the text. {@code from} must not lie inside a token.
     */
    static int statementEnd(String sql, int from) {
        // a ';' may be hidden in a literal or comment, but none can appear: without one, nothing needs lexing
        if (sql.indexOf(';', from) < 0) {
            return sql.length();
        }
        int start = skipTrivia(sql, from);
        while (!isStatementEnd(sql, start)) {
            start = skipTrivia(sql, tokenEnd(sql, start));
        }
        return start;
    }

    /**
     * Returns whether the token starting at {@code start} (as returned by {@link #skipTrivia}) ends the statement: it
     * is its {@code ;}, or the text has ended.
     */
    static boolean isStatementEnd(String sql, int start) {
        return start >= sql.length() || sql.charAt(start) == ';';
    }

    /**
     * Returns where the next token starts at or after {@code pos}, skipping whitespace, {@code --} line comments and
     * (nested) block comments, or the length of the text if nothing but those follows.
     */
    static int skipTrivia(String sql, int pos) {
        int length = sql.length();
        while (pos < length) {
            char c = sql.charAt(pos);
            if (!isTriviaStart(c)) {
                return pos;
            }
            if (isWhitespace(c)) {
                pos++;
            } else {
                // comments are rare: their lexing stays out of this loop, which runs between all tokens
                int commentEnd = commentEnd(sql, pos);
                if (commentEnd == pos) {
                    return pos;
                }
                pos = commentEnd;
            }
        }
        return length;
    }

    /** Returns where the comment starting at {@code pos} ends, or {@code pos} if no comment starts there. */
    private static int commentEnd(String sql, int pos) {
        char c = sql.charAt(pos);
        if (c == '-' && charAt(sql, pos + 1) == '-') {
            return lineCommentEnd(sql, pos + 2);
        }
        if (c == '/' && charAt(sql, pos + 1) == '*') {
            return blockCommentEnd(sql, pos + 2);
        }
        return pos;
    }

    /**
     * Returns where the token starting at {@code start} ends; {@code start} must be a token start, as returned by
     * {@link #skipTrivia}, and lie inside the text.
     */
    static int tokenEnd(String sql, int start) {
        return isWord(sql, start) ? wordEnd(sql, start) : nonWordTokenEnd(sql, start);
    }

    /**
     * Returns where the token starting at {@code start} ends when {@link #isWord} does not hold. Punctuation, the most
     * common such token, is settled here; the rest (literals, quoted identifiers, numbers, {@code $}) in a call of its
     * own, so that this method stays small enough to be inlined into the loops that call it.
     */
    static int nonWordTokenEnd(String sql, int start) {
        return isPunctuation(sql.charAt(start)) ? start + 1 : otherTokenEnd(sql, start);
    }

    /**
     * Returns where the word starting at {@code start} ends: the token end when {@link #isWord} holds.
     */
    static int wordEnd(String sql, int start) {
        int length = sql.length();
        int pos = start + 1;
        while (pos < length && isWordPart(sql.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /** Returns where a literal, quoted identifier, number, bind marker or other character token ends. */
    private static int otherTokenEnd(String sql, int start) {
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
        if (isDigit(c)) {
            // numbers take letters too (1e5, 0x1F, 1_000): they only need to stay one token
            return wordEnd(sql, start);
        }
        return start + 1;
    }

    /**
     * Returns whether the token starting at {@code start} is a word: a keyword or an unquoted identifier.
     */
    static boolean isWord(String sql, int start) {
        return isWordStart(sql.charAt(start)) && !isEscapeStringStart(sql, start);
    }

    /**
     * Returns whether the token {@code [start, end)} is a terminated quoted identifier such as {@code "nextval"}.
     */
    static boolean isQuotedName(String sql, int start, int end) {
        return sql.charAt(start) == '"' && end - start >= 2 && sql.charAt(end - 1) == '"';
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
        return !text.isEmpty() && isWord(text, 0) && tokenEnd(text, 0) == text.length();
    }

    /** Returns whether {@code c} is whitespace: space, tab, line feed, carriage return, form feed or vertical tab. */
    static boolean isWhitespace(char c) {
        return (ASCII_CLASSES[c & 0x7F] & WHITESPACE) != 0 && c < 0x80;
    }

    /** Returns whether {@code c} is a token by itself: punctuation or an operator that never starts a comment. */
    static boolean isPunctuation(char c) {
        return (ASCII_CLASSES[c & 0x7F] & SINGLE) != 0 && c < 0x80;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Returns whether a bind marker such as {@code $1} starts at {@code start}. */
    static boolean isBindMarker(String sql, int start) {
        return sql.charAt(start) == '$' && isDigit(charAt(sql, start + 1));
    }

    /** Returns where the run of digits at {@code pos} ends. */
    static int digitsEnd(String sql, int pos) {
        while (pos < sql.length() && isDigit(sql.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /**
     * Returns {@code c} in lower case if it is an ASCII letter, else unchanged.
     */
    static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean regionEqualsIgnoreCase(String sql, int start, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (toLowerAscii(sql.charAt(start + i)) != toLowerAscii(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns where the line comment whose text starts at {@code pos} ends: at its line break or the end of the text.
     */
    static int lineCommentEnd(String sql, int pos) {
        while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
        return pos;
    }

    /**
     * Returns where the block comment whose text starts at {@code pos} ends, after the {@code *}{@code /} closing it.
     */
    static int blockCommentEnd(String sql, int pos) {
        // PostgreSQL nests block comments: /* a /* b */ still a comment */. The comment's text is only searched for its
        // next opening and closing (String.indexOf, far faster than a look at each character), each found again only
        // once passed: "/*/" opens once, "*/*" closes once, as a left-to-right reading takes them.
        int depth = 1;
        int open = indexOf(sql, "/*", pos);
        int close = indexOf(sql, "*/", pos);
        while (close < sql.length()) {
            if (open < close) {
                depth++;
                pos = open + 2;
            } else {
                pos = close + 2;
                if (--depth == 0) {
                    return pos;
                }
            }
            open = open < pos ? indexOf(sql, "/*", pos) : open;
            close = close < pos ? indexOf(sql, "*/", pos) : close;
        }
        return sql.length();
    }

    /**
     * Returns where a literal or quoted identifier ends, given the position after its opening quote. A doubled quote
     * stands for itself; with {@code backslashEscapes} a backslash escapes the next character.
     */
    static int quotedEnd(String sql, int pos, char quote, boolean backslashEscapes) {
        if (!backslashEscapes) {
            // only a doubled quote continues the literal: jump from quote to quote
            for (int close = sql.indexOf(quote, pos); close >= 0; close = sql.indexOf(quote, close + 2)) {
                if (charAt(sql, close + 1) != quote) {
                    return close + 1;
                }
            }
            return sql.length();
        }
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\\') {
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
        // a tag is a word without '$'
        while (pos < sql.length() && sql.charAt(pos) != '$' && isWordPart(sql.charAt(pos))) {
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
        // c | 0x20 folds 'E' to 'e' and nothing else to it
        return (sql.charAt(start) | 0x20) == 'e' && charAt(sql, start + 1) == '\'';
    }

    /** Returns where {@code text} next occurs at or after {@code from}, or the length of the text if it does not. */
    static int indexOf(String sql, String text, int from) {
        int index = sql.indexOf(text, from);
        return index < 0 ? sql.length() : index;
    }

    /** Returns where {@code c} next occurs at or after {@code from}, or the length of the text if it does not. */
    static int indexOf(String sql, char c, int from) {
        int index = sql.indexOf(c, from);
        return index < 0 ? sql.length() : index;
    }

    /** Returns the character at {@code pos}, or {@code 0} past the end, so that look-ahead needs no bounds checks. */
    private static char charAt(String sql, int pos) {
        return pos < sql.length() ? sql.charAt(pos) : 0;
    }

    /*
     * The character tests look ASCII_CLASSES up with the low seven bits of the character, so that the JIT needs no
     * bounds check, and settle non-ASCII characters, which alias an ASCII one there, with a second test that the common
     * case never reaches. PostgreSQL lets identifiers start with an ASCII letter, an underscore or any non-ASCII
     * character, and continue with those, digits and '$'.
     */

    private static boolean isWordStart(char c) {
        return (ASCII_CLASSES[c & 0x7F] & WORD_START) != 0 || c >= 0x80;
    }

    /** Returns whether {@code c} may continue a word: a letter, digit, underscore, {@code $} or non-ASCII. */
    static boolean isWordPart(char c) {
        return (ASCII_CLASSES[c & 0x7F] & WORD_PART) != 0 || c >= 0x80;
    }

    private static boolean isTriviaStart(char c) {
        return (ASCII_CLASSES[c & 0x7F] & TRIVIA_START) != 0 && c < 0x80;
    }

    private static byte[] asciiClasses() {
        byte[] classes = new byte[128];
        for (char c : new char[] {' ', '\t', '\n', '\r', '\f', '\u000B'}) {
            classes[c] = TRIVIA_START | WHITESPACE;
        }
        classes['-'] = TRIVIA_START;
        classes['/'] = TRIVIA_START;
        for (char c = 'a'; c <= 'z'; c++) {
            classes[c] = WORD_START | WORD_PART;
            classes[Character.toUpperCase(c)] = WORD_START | WORD_PART;
        }
        classes['_'] = WORD_START | WORD_PART;
        for (char c = '0'; c <= '9'; c++) {
            classes[c] = WORD_PART;
        }
        classes['$'] = WORD_PART;
        for (char c : "(),.=<>+*[]{}:^%|&!~@#?".toCharArray()) {
            classes[c] = SINGLE;
        }
        return classes;
    }

}
