package io.r2dbcrouting.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The flat first look at queries in {@link StatementClassifier}: its chunks, its buffers shared between threads, and
 * the non-ASCII characters that alias a character it stops at. What it decides is checked against the exact scan by
 * {@link StatementClassifierDifferentialUnitTests}; these tests pin down the places where the two could part.
 */
class FlatQueryScanUnitTests {

    private final StatementClassifier classifier = StatementClassifier.defaults();

    @Test
    void findsALockingClauseWhateverChunkItsLettersFallIn() {
        for (int shift = -6; shift <= 6; shift++) {
            // "SELECT" ends at 6: the first chunk is text[6, 6 + CHUNK)
            String sql = "SELECT a FROM t WHERE " + "b ".repeat((FlatQueryScan.CHUNK - 16 + shift) / 2) + "FOR UPDATE";

            assertThat(classifier.classify(sql)).as("FOR at %d", sql.indexOf("FOR")).isEqualTo(StatementKind.WRITE);
            assertThat(classifier.classify(sql.replace("FOR UPDATE", "FOR x"))).isEqualTo(StatementKind.READ);
        }
    }

    @Test
    void findsACallAndTheStatementEndAcrossChunks() {
        String filler = "c, ".repeat(FlatQueryScan.CHUNK);

        assertThat(classifier.classify("SELECT " + filler + "nextval('s')")).isEqualTo(StatementKind.WRITE);
        assertKinds(StatementKind.READ, "SELECT " + filler + "count(*)", "SELECT " + filler + "1; SELECT 2;  ");
        assertKinds(StatementKind.WRITE, "SELECT " + filler + "1; DELETE FROM t",
                "WITH " + filler + "d AS (DELETE FROM t) SELECT 1");
    }

    @Test
    void judgesNonAsciiCharactersByThemselvesNotByTheAsciiCharacterTheyAlias() {
        // U+0128 and U+013B have the low seven bits of '(' and ';'; U+0146 and U+014F those of 'F' and 'O'
        assertKinds(StatementKind.READ, "SELECT nextval\u0128'x'", "SELECT 1\u013B DELETE FROM t",
                "SELECT 1 \u0146\u014FR UPDATE");
        assertThat(classifier.classify("SELECT '\u0141' FROM t FOR UPDATE")).isEqualTo(StatementKind.WRITE);
    }

    @Test
    void leavesToTheExactScanWhatALiteralOrCommentBeforeMayHide() {
        assertThat(classifier.classify("SELECT 'it''s -- FOR UPDATE' FROM t")).isEqualTo(StatementKind.READ);
        assertThat(classifier.classify("SELECT 'a' FROM t FOR UPDATE")).isEqualTo(StatementKind.WRITE);
        assertThat(classifier.classify("SELECT $$ nextval($$ FROM t")).isEqualTo(StatementKind.READ);
        assertThat(classifier.classify("SELECT nextval -- why\n('s')")).isEqualTo(StatementKind.WRITE);
        assertKinds(StatementKind.READ, "SELECT x -- nextval\n('s')", "SELECT t.for, 1for FROM t");
        assertThat(classifier.classify("SELECT * FROM t WHERE a = $1FOR UPDATE")).isEqualTo(StatementKind.WRITE);
    }

    @Test
    void takesAWordAfterADotAndACommentForAQualifiedName() {
        StatementClassifier audit = StatementClassifier.withPrimaryFunctions(List.of("audit.fn"));

        assertKinds(StatementKind.READ, "SELECT a./* c */FOR UPDATE", "SELECT a. -- c\nFOR UPDATE");
        assertThat(audit.classify("SELECT other./* c */fn(1)")).isEqualTo(StatementKind.READ);
        assertThat(audit.classify("SELECT other. -- c\n fn(1)")).isEqualTo(StatementKind.READ);
        assertThat(audit.classify("SELECT audit./* c */fn(1)")).isEqualTo(StatementKind.WRITE);
        assertThat(audit.classify("SELECT 'x' /* c */ fn(1)")).isEqualTo(StatementKind.WRITE);
    }

    @Test
    void decidesAfterLiteralsAndCommentsItCanLexItself() {
        assertThat(classifier.classify("SELECT 'a''b', \"q\"\"x\" /* c /* d */ */ FROM t -- x\n FOR SHARE"))
                .isEqualTo(StatementKind.WRITE);
        assertThat(classifier.classify("SELECT E'\\' FOR UPDATE'")).isEqualTo(StatementKind.READ);
        assertThat(classifier.classify("SELECT 1 INTO TEMP t FROM x")).isEqualTo(StatementKind.SESSION_STATE);
        assertKinds(StatementKind.WRITE, "SELECT nextval('s') INTO TEMP t", "SELECT 'x' INTO t");
        assertThat(classifier.classify("SELECT 'a;b'; SELECT 2")).isEqualTo(StatementKind.READ);
    }

    @Test
    void rulesOutWordsInTheCopyOnlyWhereTheTextCannotHoldAClaim() {
        // FOR of substring, words that only start like a keyword, and locking words cut short
        assertKinds(StatementKind.READ, "SELECT substring(a FROM 1 FOR 3), info, inner_x, fort FROM t",
                "SELECT a FROM t FOR NO UPDATE", "SELECT a FROM t FOR KEY UPDATE", "SELECT a FROM t FOR NO KEY SHARE",
                "SELECT a FROM t FOR UPDATEX");
        // every locking clause, its words apart by any whitespace or a comment, which only the text can judge
        for (String clause : List.of("UPDATE", "share", "No Key Update", "KEY SHARE")) {
            for (String gap : List.of(" ", "\t\n ", "\r\n", " /* c */ ", " -- c\n")) {
                String sql = "SELECT a FROM t FOR" + gap + clause.replace(" ", gap);

                assertThat(classifier.classify(sql)).as(sql).isEqualTo(StatementKind.WRITE);
            }
        }
        // in WITH only, the data-modifying keywords; a byte with bit 7 set is never one
        assertThat(classifier.classify("WITH a AS (MERGE INTO t USING s ON true) SELECT 1"))
                .isEqualTo(StatementKind.WRITE);
        assertKinds(StatementKind.READ, "SELECT a AS update, b AS merge FROM t", "SELECT \u00e9for, \u0146or FROM t");
    }

    @Test
    void leavesToTheTextAWordOrLockingClauseTheCopyCutsOff() {
        for (int shift = -12; shift <= 4; shift++) {
            // the chunk's copy ends CHUNK + 1 characters after "SELECT": words there may go on in the text
            String filler = "b ".repeat((FlatQueryScan.CHUNK - 16 + shift) / 2);
            for (String clause : List.of("FOR NO KEY UPDATE", "FOR KEY SHARE", "INTO t", "FOR UPDATE")) {
                String sql = "SELECT a FROM t WHERE " + filler + clause;

                assertThat(classifier.classify(sql)).as(sql).isEqualTo(StatementKind.WRITE);
                assertThat(classifier.classify(sql + "x")).as(sql + "x").isEqualTo(
                        clause.startsWith("INTO") ? StatementKind.WRITE : StatementKind.READ);
            }
        }
    }

    @Test
    void rulesOutCallsInTheCopyOnlyWhereTheTextCannotHoldAListedOne() {
        // unlisted names, punctuation, numbers: ruled out in the copy
        assertThat(classifier.classify("SELECT count(x), coalesce(a, b), lower(c), lo(d), 1e5(1), x IN (1), ((2))"))
                .isEqualTo(StatementKind.READ);
        // listed names and prefixes, in any case, however far from the parenthesis
        assertKinds(StatementKind.WRITE, "SELECT count(x), NextVal ('s')", "SELECT lower(x), LO_import\t('f')",
                "SELECT pg_try_advisory_xact_lock(1)", "SELECT lo_caf\u00e9(1)");
        assertThat(classifier.classify("SELECT caf\u00e9(1), nextvalx(1), xnextval(1)")).isEqualTo(StatementKind.READ);
        // what the copy cannot see: a comment, a line break, a quoted name, a bind marker before the name
        assertKinds(StatementKind.WRITE, "SELECT nextval/* c */('s')", "SELECT nextval -- c\n('s')");
        assertThat(classifier.classify("SELECT x -- nextval\n ('s')")).isEqualTo(StatementKind.READ);
        assertKinds(StatementKind.WRITE, "SELECT \"NEXTVAL\"('s')", "SELECT * FROM t WHERE a = $1nextval('s')");
        // names in literals and dollar quotes are no calls
        assertThat(classifier.classify("SELECT 'nextval(' || count(1), $$lo_x($$, E'\\' nextval(')"))
                .isEqualTo(StatementKind.READ);
    }

    @Test
    void judgesCallsByTheTextWhereACharacterAboveLatin1AliasesWhitespaceOrPunctuationInTheCopy() {
        // U+0120, U+0128 and U+0100 keep the low bytes of ' ', '(' and NUL: the copy shows "lo_ ab(", "lo_( (" ...
        assertKinds(StatementKind.WRITE, "SELECT lo_\u0120ab(1)", "SELECT lo_\u0128 (1)", "SELECT lo_\u0120(1)",
                "SELECT pg_advisory_\u0100(1)");
        assertKinds(StatementKind.READ, "SELECT x,\u012Cab(1)", "SELECT nextval\u0120(1)", "SELECT count\u0128x)");
        // an added name that is not ASCII may look like any other in the copy (U+0163 keeps the low byte of 'c')
        StatementClassifier added = StatementClassifier.withPrimaryFunctions(List.of("\u0163est", "gr\u00f6\u00dfe"));
        assertThat(added.classify("SELECT \u0163est(1)")).isEqualTo(StatementKind.WRITE);
        assertThat(added.classify("SELECT GR\u00f6\u00dfE(1)")).isEqualTo(StatementKind.WRITE);
        assertThat(added.classify("SELECT cest(1)")).isEqualTo(StatementKind.READ);
    }

    @Test
    void claimsACallInTheCopyOnlyWhenItsNameGapAndParenthesisAreAsciiInTheText() {
        // claimed in the copy: every character from the name to the parenthesis is ASCII
        assertKinds(StatementKind.WRITE, "SELECT NEXTVAL\t('s')", "SELECT \u00e9 nextval('s'), \u0100 lo_x(1)",
                "SELECT 'a' || nextval('s'); SELECT 1", "SELECT $1, currval(nextval('s'))");
        // a claim still holds only where the text has a real, unqualified token
        assertThat(classifier.classify("SELECT s.nextval('s'), s . nextval('s')")).isEqualTo(StatementKind.WRITE);
        assertKinds(StatementKind.READ, "SELECT 'nextval(1)', /* nextval( */ 1 -- nextval(\n",
                "SELECT 1nextval('s'), x\u012Enextval('s')");
        // U+016C, U+0109, U+016F and U+0128 keep the low bytes of 'l', a tab, 'o' and '(': the copy shows a listed
        // call that the text does not hold, so the text decides
        assertKinds(StatementKind.READ, "SELECT nextva\u016C(1)", "SELECT nextval\u0109(1)", "SELECT l\u016F_x(1)",
                "SELECT nextval\u0128'x')");
        assertThat(classifier.classify("SELECT lo_\u016Cx(1)")).isEqualTo(StatementKind.WRITE);
        // added names, with and without a schema
        StatementClassifier added =
                StatementClassifier.withPrimaryFunctions(List.of("audit.log_access", "bump_counter"));
        assertThat(added.classify("SELECT log_access(1)")).isEqualTo(StatementKind.WRITE);
        assertThat(added.classify("SELECT audit.log_access(1)")).isEqualTo(StatementKind.WRITE);
        assertThat(added.classify("SELECT other.log_access(1)")).isEqualTo(StatementKind.READ);
        assertThat(added.classify("SELECT log_acces\u0173(1), bump_counte\u0172(1)")).isEqualTo(StatementKind.READ);
        // a name the chunk boundary cuts, with an aliasing character on either side of it
        for (int shift = -12; shift <= 12; shift++) {
            String sql = "SELECT " + "b ".repeat((FlatQueryScan.CHUNK - 12 + shift) / 2) + "nextva\u016C(1)";

            assertThat(classifier.classify(sql)).as(sql).isEqualTo(StatementKind.READ);
            assertThat(classifier.classify(sql.replace('\u016C', 'l'))).as(sql).isEqualTo(StatementKind.WRITE);
        }
    }

    @Test
    void judgesACallWhoseNameOrGapTheChunkBoundaryCuts() {
        for (int shift = -12; shift <= 12; shift++) {
            // the first chunk is text[6, 6 + CHUNK): names and gaps fall on its boundary at some shift
            String filler = "b ".repeat((FlatQueryScan.CHUNK - 12 + shift) / 2);
            for (String call : List.of("nextval('s')", "lo_\u0120ab(1)", "nextval  ('s')", "pg_advisory_lock(1)")) {
                String sql = "SELECT " + filler + call;

                assertThat(classifier.classify(sql)).as(sql).isEqualTo(StatementKind.WRITE);
                String unlisted = sql.replace("lo_", "xo_").replace("val", "vax").replace("advisory", "advisorx");
                assertThat(classifier.classify(unlisted)).as(unlisted).isEqualTo(StatementKind.READ);
            }
        }
    }

    @Test
    void claimsALockingForOrAnIntoInTheCopyOnlyWhenTheTextOverItsWordsIsAscii() {
        StatementKind read = StatementKind.READ;
        StatementKind write = StatementKind.WRITE;
        StatementKind temporary = StatementKind.SESSION_STATE;
        // claimed in the copy: any case, any ASCII whitespace between the words, non-ASCII text elsewhere
        assertKinds(write, "SELECT a FROM t FOR\f\u000BUPDATE", "SELECT a FROM t for no key update",
                "SELECT \u00e9 FROM t FOR UPDATE", "SELECT a FROM t FOR UPDATE;", "SELECT a FROM t FOR UPDATE(1)",
                "SELECT a FROM t FOR SHARE; SELECT 1", "WITH a AS (SELECT 1 FOR UPDATE) SELECT * FROM a",
                "SELECT 1 INTO UNLOGGED t", "SELECT 1 INTO t", "SELECT 1 INTO(a)", "SELECT 1 INTO TEMP1",
                "SELECT 1 INTO temp_t", "SELECT 1 INTO \"temp\"", "SELECT 1 INTO", "SELECT 1 INTO ",
                "SELECT 1 INTO TEMP t FOR UPDATE", "SELECT 1 INTO TEMP t; DELETE FROM u",
                "WITH x AS (SELECT 1) SELECT 1 INTO t FROM x");
        assertKinds(temporary, "SELECT 1 INTO TEMP t", "SELECT 1 INTO TEMPORARY t", "SELECT 1 into temp t",
                "SELECT 1 Into Temporary t", "SELECT 1 INTO\nTEMP t", "SELECT 1 INTO temp.t", "SELECT 1 INTO TEMP",
                "SELECT 1 INTO TEMP;", "SELECT 1 INTO TEMP(a)", "SELECT 1 INTO TEMP t; SELECT 2",
                "SELECT 'a' INTO TEMP t", "WITH x AS (SELECT 1) SELECT 1 INTO TEMP t FROM x");
        // comments between the words, which only the text can skip
        assertKinds(write, "SELECT a FROM t FOR --\nUPDATE", "SELECT a FROM t FOR/**/UPDATE",
                "SELECT a FROM t FOR NO/**/KEY UPDATE");
        assertKinds(read, "SELECT a FROM t FOR /* UPDATE */ x", "SELECT a FROM t FOR -- UPDATE\n x",
                "SELECT a FROM t FOR KEY -\nSHARE");
        assertKinds(temporary, "SELECT 1 INTO -- c\n TEMP t", "SELECT 1 INTO /* c */TEMP t");
        // a claim still holds only where the text has a real, unqualified token, after no word part
        assertKinds(read, "SELECT 'FOR UPDATE' FROM t", "SELECT a FROM t WHERE b = 'x FOR UPDATE y'",
                "SELECT $$FOR UPDATE$$", "SELECT $t$ INTO x $t$", "SELECT \"FOR\" UPDATE", "SELECT E'\\' INTO t'",
                "SELECT x /* INTO t */ FROM y", "SELECT t.into, t.for update FROM t", "SELECT a. INTO t",
                "SELECT 1for UPDATE", "SELECT 1for UPDATE, 2", "SELECT x_into t", "SELECT 1into, 2",
                "SELECT 1e1into t");
        assertKinds(write, "SELECT a FROM t WHERE b = $1for share", "SELECT a FROM t WHERE b = $1 for share");
        assertKinds(temporary, "SELECT $1into temp t", "SELECT $1 INTO temp t");
        // U+0120, U+010A, U+0145, U+0146, U+0149, U+0150, U+0159, U+0128 and U+2020 keep the low bytes of ' ', a line
        // break, 'E', 'F', 'I', 'P', 'Y', '(' and ' ': the copy shows words, gaps and ends that the text does not hold
        assertKinds(read, "SELECT a FROM t FOR\u0120UPDATE", "SELECT a FROM t FOR\u010AUPDATE",
                "SELECT a FROM t FOR UPDATE\u0120", "SELECT a FROM t FOR UPDAT\u0145",
                "SELECT a FROM t \u0146OR UPDATE",
                "SELECT a FROM t x\u0120FOR UPDATE", "SELECT a FROM t FOR NO\u0120KEY UPDATE",
                "SELECT a FROM t FOR KEY SHAR\u0145", "SELECT a FROM t FOR UPDATE\u00e9",
                "SELECT a FROM t FOR UPDATE\u0128",
                "SELECT a FROM t FOR UPDATE\u2020x", "SELECT 1 INTO\u0120TEMP t", "SELECT 1 \u0149NTO t");
        assertKinds(write, "SELECT 1 INTO TEMP\u0120x", "SELECT 1 INTO TEMPORAR\u0159 t", "SELECT 1 INTO TEM\u0150 t",
                "SELECT 1 INTO t\u0120");
    }

    @Test
    void judgesALockingForOrAnIntoWhoseWordsTheChunkBoundaryCuts() {
        for (int shift = -14; shift <= 6; shift++) {
            // the chunk's copy ends CHUNK + 1 characters after "SELECT": words there may go on in the text
            String sql = "SELECT a FROM t WHERE " + "b ".repeat((FlatQueryScan.CHUNK - 16 + shift) / 2);

            assertKinds(StatementKind.SESSION_STATE, sql + "INTO TEMP t", sql + "INTO TEMPORARY t",
                    sql + "INTO\nTEMP t", sql + "INTO TEMP");
            assertKinds(StatementKind.WRITE, sql + "INTO UNLOGGED t", sql + "INTO TEMPx t", sql + "INTO TEMP\u0120x",
                    sql + "INTO TEMPORAR\u0159", sql + "FOR NO KEY UPDATE", sql + "FOR -- c\nUPDATE");
            assertKinds(StatementKind.READ, sql + "FOR UPDATE\u0120", sql + "FOR\u0120UPDATE",
                    sql + "FOR KEY SHAR\u0145", sql + "FO", sql + "\u0146OR SHARE", sql + "INT\u014F t");
        }
    }

    @Test
    void locatesAClaimInTheCopyOnlyWhereNoCharacterBeforeItInTheTextStartsALiteralOrComment() {
        StatementKind read = StatementKind.READ;
        StatementKind write = StatementKind.WRITE;
        // U+0127, U+0122, U+012D, U+012F and U+0124 keep the low bytes of ', ", -, / and $: judged by the text
        assertKinds(write, "SELECT \u0127 FROM t FOR UPDATE", "SELECT \u0122a\u0122 FROM t FOR UPDATE",
                "SELECT a \u012D\u012D x\nFROM t FOR UPDATE", "SELECT a \u012F* x */ FROM t FOR UPDATE",
                "SELECT \u0124x\u0124 FOR UPDATE \u0124x\u0124", "SELECT \u0127, nextval('s')");
        // bind markers are plain; a dollar quote, a literal, a quoted name or a comment is lexed
        assertKinds(write, "SELECT a FROM t WHERE id = $1 AND b = $22 FOR UPDATE",
                "SELECT a FROM t WHERE b = a$ FOR UPDATE",
                "SELECT a - b / c FROM t FOR UPDATE", "SELECT a FROM t WHERE b = 'x' AND c = $1 FOR UPDATE",
                "SELECT a -- c\n FROM t WHERE x = $1 FOR UPDATE", "SELECT $1, nextval('s')",
                "SELECT '$1', a FROM t WHERE x = $2 FOR SHARE");
        assertKinds(read, "SELECT a FROM t WHERE id = $1 AND b = $x$ FOR UPDATE $x$",
                "SELECT a FROM t WHERE b = 'x FOR UPDATE' AND c = $1", "SELECT a -- FOR UPDATE\n FROM t WHERE x = $1",
                "SELECT a /* FOR UPDATE */ FROM t WHERE x = $1", "SELECT a \"FOR UPDATE\" FROM t WHERE x = $1");
        // a literal or comment that starts right where the last one ended, or right after the first keyword
        assertKinds(read, "SELECT'a FOR UPDATE'", "SELECT 'x FOR UPDATE'/* FOR UPDATE */",
                "SELECT 'x FOR UPDATE'-- FOR UPDATE", "SELECT 'x FOR UPDATE''FOR UPDATE'",
                "SELECT 'x FOR UPDATE'\"FOR UPDATE\"");
        // a claim in the second chunk, after what the first chunk lexed or only copied
        String filler = "b ".repeat(520);
        assertKinds(write, "SELECT 'a' " + filler + " FOR UPDATE", "SELECT a " + filler + "'x' FOR UPDATE",
                "SELECT a " + filler + "$1 FOR UPDATE", "SELECT a " + filler + "\u0127 FOR UPDATE",
                "SELECT 'a' " + filler + " $1 FOR UPDATE", "SELECT 'a' " + filler + " -- c\n FOR UPDATE",
                "SELECT a, '" + filler + "' FOR UPDATE");
        assertKinds(read, "SELECT a " + filler + "'FOR UPDATE'", "SELECT 'a' " + filler + " /* FOR UPDATE */",
                "SELECT a, '" + filler + " FOR UPDATE'");
    }

    private void assertKinds(StatementKind expected, String... sqls) {
        for (String sql : sqls) {
            assertThat(classifier.classify(sql)).as(sql).isEqualTo(expected);
        }
    }

    @Test
    void goesOnPastASemicolonTheTextHidesAndStopsAtTheRealOne() {
        assertKinds(StatementKind.WRITE, "SELECT ';', 'a;b' FROM t FOR UPDATE", "SELECT 1 /* ; */, nextval('s')",
                "SELECT 1; SELECT 2 FOR UPDATE");
        assertThat(classifier.classify("SELECT count(1);".repeat(500) + " SELECT 2")).isEqualTo(StatementKind.READ);
        assertThat(classifier.classify("SELECT 1;".repeat(500) + " SELECT nextval('s')"))
                .isEqualTo(StatementKind.WRITE);
    }

    @Test
    void givesEveryThreadTheRightAnswerWhenMoreThreadsThanStripesShareTheBuffers() throws Exception {
        String write = "SELECT " + "a, ".repeat(900) + "nextval('s')";
        String read = "SELECT " + "a, ".repeat(900) + "count(*)";
        ExecutorService threads = Executors.newFixedThreadPool(40);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 40; task++) {
                boolean writes = task % 2 == 0;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        StatementKind kind = classifier.classify(writes ? write : read);
                        if (kind != (writes ? StatementKind.WRITE : StatementKind.READ)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

}
