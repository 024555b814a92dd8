import io.r2dbcrouting.benchmarks.SqlCorpus;
import io.r2dbcrouting.internal.StatementClassifier;
import java.util.*;

/**
 * Prints the kinds that the default classifier and one with added functions give every corpus statement, a list of
 * edge texts, texts of every length up to 40 characters after a first keyword with and without a stop at the end,
 * texts around the 1024-character chunk boundary, texts of 500 statements and 200 000 random texts of SQL tokens
 * (325 657 texts), ending with a hash of all kinds. Two jars that print the same decide the same. A throw-away
 * experiment, kept so that kinds.txt can be reproduced; not part of any build:
 *
 *   java -cp <benchmarks.jar> benchmarks/results/2026-11-23-classifier-session9/Kinds.java > kinds-X.txt
 */
public class Kinds {
    public static void main(String[] a) {
        StatementClassifier c = StatementClassifier.defaults();
        StatementClassifier x = StatementClassifier.withPrimaryFunctions(List.of("my_fn", "s.fôo", "zz"));
        List<String> texts = new ArrayList<>();
        for (SqlCorpus.Entry e : SqlCorpus.load().entries()) texts.add(e.sql());
        String[] base = {"", ";", ";;", " ", "  SELECT 1", "SELECT 1", "SELECT 1;", "SELECT 1;;", "select", "SELECT",
            "SELECT;", "SELECT ;DELETE FROM t", "-- c\nSELECT 1", "/* c */ SELECT 1", "/* c */SELECT 1 FOR UPDATE",
            "SELECT ü", "SELECT 'ü'", "SELECT Ā", "SELECT \u0128", "SELECT x\u0128", "SELECT fo", "SELECT fox",
            "SELECT for", "SELECT for update", "SELECT 1 for update", "SELECT 1 FOR UPDATE", "SELECT 1 INTO t",
            "SELECT 1 into", "SELECT in", "SELECT 1 in", "SELECT nextval('s')", "SELECT a; DELETE FROM t",
            "SELECT a;SELECT b", "WITH a AS (SELECT 1) SELECT 1", "WITH x AS (DELETE FROM t) SELECT 1", "WITH up",
            "WITH de", "WITH me", "WITH update", "VALUES (1)", "TABLE t", "TABLE inx", "SHOW x", "SELECT 1 -- for update",
            "SELECT 1 /* for update */", "SELECT $1", "SELECT $1for update", "SELECT 1for update", "SELECT x.for update",
            "SELECT a FROM t FOR UPDATE", "SELECT 'a;b'", "SELECT \"for\" update", "SELECT E'x'", "SELECT e'x'",
            "(SELECT 1)", "((SELECT 1 FOR UPDATE))", "SELECT\tFOR\nUPDATE", "SELECT\u00a0for update", "SELECT\u0100for update",
            "SELECT ĀFOR UPDATE", "SELECT aFOR UPDATE", "SELECT _for update", "SELECT 9in", "SELECT lo_x(1)",
            "SELECT my_fn(1)", "SELECT s.fôo(1)", "SELECT fôo(1)", "SELECT zz(1)", "SELECT zz (1)", "SELECT 1 FOR", 
            "SELECT 1 FOR SHARE", "SELECT 1 FOR KEY SHARE", "SELECT 1 FOR NO KEY UPDATE", "SELECT 1 INTO TEMP t",
            "SELECT 1 INTO TEMPORARY t; SELECT 2", "SELECT\u2014for update", "SELECT —", "SELECT 1 — x", "SELECTfor update",
            "SELECT(1)", "SELECT(1) FOR UPDATE", "COMMIT", "EXPLAIN SELECT 1", "EXPLAIN ANALYZE SELECT 1 FOR UPDATE",
            "COPY (SELECT 1) TO STDOUT", "SET x = 1", "SELECT 1\n;\nUPDATE t SET a = 1", "SELECT i", "SELECT f", "SELECT I",
            "SELECT F", "SELECT 1 f", "SELECT 1 i", "SELECT 1 ,in", "SELECT 1,fo", "SELECTin", "SELECTINTO", "SELECT  INTO",
            "SELECT 'x' INTO t", "SELECT \"x\" INTO t", "SELECT -1 INTO t", "SELECT 1/2 INTO t", "SELECT 1-2", "SELECT 1 --",
            "SELECT $$x$$", "SELECT $$", "SELECT $", "SELECT $a", "WITH", "WITH x", "WITH up date", "VALUES", "TABLE", "SHOW"};
        texts.addAll(Arrays.asList(base));
        // lengths around every boundary a short path might use, with and without a stop at the end
        String[] tails = {"", " FOR UPDATE", " INTO t", ";DELETE FROM t", "(x)", " nextval('s')", "ü", "\u0128", " in", " fo", "x", " ;"};
        for (String head : new String[] {"SELECT ", "WITH ", "select\n", "VALUES ", "SHOW ", "TABLE "}) {
            for (int n = 0; n <= 40; n++) {
                for (String tail : tails) {
                    for (char fill : new char[] {'1', 'a', ' ', 'f', 'i', 'u', 'ü', '\u0128', '(', ';', '-', '/', '\'', '$'}) {
                        texts.add(head + String.valueOf(fill).repeat(n) + tail);
                        texts.add(head + "a" + String.valueOf(fill).repeat(n) + tail);
                        texts.add(head + "1 " + String.valueOf(fill).repeat(n) + tail);
                    }
                }
            }
        }
        // long texts around the chunk boundary
        for (int n = 1000; n <= 1040; n++) {
            for (String tail : tails) {
                texts.add("SELECT " + "a".repeat(n) + tail);
                texts.add("SELECT " + " ".repeat(n) + tail);
                texts.add("SELECT " + "x, ".repeat(n / 3) + tail);
            }
        }
        texts.add("SELECT " + "a, ".repeat(3000) + "b FOR UPDATE");
        texts.add("SELECT 1; ".repeat(500) + "DELETE FROM t");
        texts.add("SELECT 1; ".repeat(500));
        // random texts from a small alphabet of tokens
        Random r = new Random(42);
        String[] tok = {"SELECT", "WITH", "VALUES", " ", "  ", "1", "a", "for", "FOR", "update", "share", "key", "no", "into", "temp",
            "in", "info", "(", ")", ";", "'", "\"", "--", "/*", "*/", "\n", "$1", "$$", "nextval", "lo_x", "ü", "\u0128", "E'", ".",
            "insert", "delete", "merge", ",", "my_fn", "zz", "s.", "fôo", "—"};
        for (int i = 0; i < 200000; i++) {
            StringBuilder b = new StringBuilder(r.nextInt(4) == 0 ? "" : new String[] {"SELECT", "WITH", "VALUES", "select", "TABLE"}[r.nextInt(5)]);
            int n = r.nextInt(r.nextInt(10) == 0 ? 60 : 10);
            for (int k = 0; k < n; k++) b.append(tok[r.nextInt(tok.length)]);
            texts.add(b.toString());
        }
        long h = 0;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            String k = c.classify(t) + " " + x.classify(t);
            if (i < 400) out.append(i).append(' ').append(k).append(' ').append(t.length() > 60 ? t.substring(0, 60) : t).append('\n');
            h = h * 31 + k.hashCode();
            out.append(k.charAt(0)).append(k.charAt(k.indexOf(' ') + 1));
            if (i % 100 == 99) out.append('\n');
        }
        System.out.print(out);
        System.out.println("\ntexts " + texts.size() + " hash " + h);
    }
}
