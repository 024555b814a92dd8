package io.r2dbcrouting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link SqlKeywords}: the look-up of a statement's first word in one pass ({@link SqlKeywords#valueOfLetters}) must
 * agree with finding the token's end and looking that token up.
 */
class SqlKeywordsUnitTests {

    private final SqlKeywords keywords = SqlKeywords.of().with(3, "SELECT", "E").with(5, "DO", "CHECKPOINT");

    @Test
    void findsAKeywordAndItsEndInOnePass() {
        assertThat(keywords.valueOfLetters("select 1", 0)).isEqualTo(6L << 32 | 3);
        assertThat(keywords.valueOfLetters("x SeLeCt", 2)).isEqualTo(8L << 32 | 3);
        assertThat(keywords.valueOfLetters("DO$$ $$", 0)).isEqualTo(-1L << 32);
        assertThat(keywords.valueOfLetters("do;", 0)).isEqualTo(2L << 32 | 5);
        assertThat(keywords.valueOfLetters("checkpoint(", 0)).isEqualTo(10L << 32 | 5);
    }

    @Test
    void findsNoKeywordInAWordThatGoesOnOrIsTooLong() {
        for (String text : new String[] {"SELECTED", "SELECT_x", "SELECT1", "SELECT$1", "SELECT\u00e9", "SELECT\u0141",
                "\u0141SELECT", "_SELECT", "1", "", " SELECT", "CHECKPOINTING", "ABCDEFGHIJKLMNOP", "S\u0100LECT"}) {
            assertThat(keywords.valueOfLetters(text, 0)).as(text).isEqualTo(-1L << 32 | SqlKeywords.ABSENT);
        }
    }

    @Test
    void leavesTheEndOfAWordThatIsNoKeywordToTheLexer() {
        // E'…' is a literal, not the word E: only the lexer knows where it ends
        assertThat(SqlKeywords.of("SELECT").valueOfLetters("E'\\';' x", 0)).isEqualTo(-1L << 32);
    }

}
