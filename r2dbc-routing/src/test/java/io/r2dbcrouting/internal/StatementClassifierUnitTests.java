package io.r2dbcrouting.internal;

import static io.r2dbcrouting.internal.StatementKind.READ;
import static io.r2dbcrouting.internal.StatementKind.SESSION_STATE;
import static io.r2dbcrouting.internal.StatementKind.TRANSACTION_SETTING;
import static io.r2dbcrouting.internal.StatementKind.UNKNOWN;
import static io.r2dbcrouting.internal.StatementKind.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unit tests for {@link StatementClassifier}: one table row per rule and per tricky piece of lexing.
 */
class StatementClassifierUnitTests {

    private final StatementClassifier classifier = StatementClassifier.defaults();

    private final StatementClassifier withAudit =
            StatementClassifier.withPrimaryFunctions(List.of("audit.log_access", "bump_counter"));

    @ParameterizedTest(name = "[{index}] {1} <- {0}")
    @MethodSource({"queries", "lockingReads", "selectInto", "functionCalls", "with", "explain", "copy", "writes",
            "sessionState", "transactionSettings", "unknown", "lexing", "brokenText", "multipleStatements",
            "keywordsReadOnce"})
    void classifies(String sql, StatementKind expected) {
        assertThat(classifier.classify(sql)).as(sql).isEqualTo(expected);
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                arguments("SELECT 1", READ),
                arguments("select * from t", READ),
                arguments("SeLeCt a FROM t WHERE b = 1", READ),
                arguments("VALUES (1), (2)", READ),
                arguments("TABLE accounts", READ),
                arguments("SHOW search_path", READ),
                arguments("SHOW ALL", READ),
                arguments("(SELECT 1) UNION (SELECT 2)", READ),
                arguments("((SELECT 1))", READ),
                arguments("( /* why not */ (VALUES (1)))", READ),
                arguments("  \n\t SELECT 1", READ),
                arguments("-- leading comment\nSELECT 1", READ),
                arguments("/* leading */ SELECT 1", READ),
                arguments("/* a /* nested */ comment */ SELECT 1", READ),
                arguments("", READ),
                arguments("   \n ", READ),
                arguments("-- only a comment", READ),
                arguments("/* only a comment */", READ),
                arguments(";", READ),
                arguments(";; ;", READ),
                arguments("SELECT 1;", READ),
                arguments("SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1 ORDER BY 1 LIMIT 9", READ),
                arguments("SELECT * FROM t1 JOIN t2 USING (id) WHERE t1.x IN (SELECT y FROM t3)", READ),
                arguments("SELECT t.update, t.delete FROM t", READ),
                arguments("SELECT substring(s FROM 1 FOR 2) FROM t", READ),
                arguments("SELECT overlay(s PLACING 'x' FROM 2 FOR 3) FROM t", READ),
                arguments("SELECT now(), current_setting('search_path'), pg_is_in_recovery()", READ),
                arguments("SELECT pg_last_wal_replay_lsn(), pg_export_snapshot(), pg_sequence_last_value('s')", READ),
                arguments("SELECT * FROM t WHERE a = $1 AND b = $2", READ),
                arguments("SELECT * FROM t WHERE a = ?", READ),
                arguments("SELECT * FROM t WHERE a = :name", READ),
                arguments("SELECT 'x'::regclass, oid::regclass::text FROM pg_class", READ),
                arguments("SELECT 'ümlaut', naïve FROM café WHERE 名前 = 'update'", READ),
                arguments("SELECT '😀 delete' AS emoji", READ));
    }

    static Stream<Arguments> lockingReads() {
        return Stream.of(
                arguments("SELECT * FROM t FOR UPDATE", WRITE),
                arguments("SELECT * FROM t FOR NO KEY UPDATE", WRITE),
                arguments("SELECT * FROM t FOR SHARE", WRITE),
                arguments("SELECT * FROM t FOR KEY SHARE", WRITE),
                arguments("select * from t for update of t skip locked", WRITE),
                arguments("SELECT * FROM t FOR UPDATE NOWAIT", WRITE),
                arguments("SELECT * FROM (SELECT * FROM t FOR UPDATE) s", WRITE),
                arguments("(SELECT * FROM t FOR SHARE)", WRITE),
                arguments("SELECT * FROM t FOR /* comment */ UPDATE", WRITE),
                arguments("SELECT * FROM t FOR\nNO\nKEY\nUPDATE", WRITE),
                arguments("SELECT * FROM t FOR NO UPDATE", READ),
                arguments("SELECT * FROM t FOR", READ));
    }

    static Stream<Arguments> selectInto() {
        return Stream.of(
                arguments("SELECT * INTO newtable FROM t", WRITE),
                // a temporary table lives as long as the connection: the connection stays on the primary
                arguments("SELECT a, b INTO TEMP t2 FROM t", SESSION_STATE),
                arguments("SELECT a, b INTO TEMPORARY TABLE t2 FROM t", SESSION_STATE),
                arguments("select a into temp t2 from t where b = 1", SESSION_STATE),
                arguments("WITH x AS (SELECT 1) SELECT * INTO TEMP y FROM x", SESSION_STATE),
                arguments("SELECT a INTO TEMP t2 FROM t FOR UPDATE", WRITE),
                arguments("SELECT nextval('s') INTO TEMP t2", WRITE),
                arguments("SELECT a INTO TEMP t2 FROM t; INSERT INTO t VALUES (1)", WRITE),
                arguments("SELECT a INTO TEMP t2 FROM t; SELECT 1", SESSION_STATE),
                arguments("SELECT a INTO UNLOGGED t2 FROM t", WRITE),
                arguments("SELECT a INTO t2 FROM temp", WRITE),
                arguments("EXPLAIN ANALYZE CREATE TEMP TABLE t2 AS SELECT 1", SESSION_STATE),
                arguments("EXPLAIN ANALYZE SELECT a INTO TEMP t2 FROM t", SESSION_STATE),
                arguments("select a into unlogged t2 from t", WRITE),
                arguments("SELECT \"into\" FROM t", READ));
    }

    static Stream<Arguments> functionCalls() {
        return Stream.of(
                arguments("SELECT nextval('s')", WRITE),
                arguments("SELECT NEXTVAL('s')", WRITE),
                arguments("SELECT pg_catalog.nextval('s')", WRITE),
                arguments("SELECT pg_catalog . nextval ('s')", WRITE),
                arguments("SELECT db.pg_catalog.nextval('s')", WRITE),
                arguments("SELECT nextval /* comment */ ('s')", WRITE),
                arguments("SELECT nextval\n(\n's')", WRITE),
                arguments("SELECT id, nextval('s'::regclass) FROM t", WRITE),
                arguments("SELECT * FROM t WHERE id = currval('s')", WRITE),
                arguments("SELECT coalesce(lastval(), 0)", WRITE),
                arguments("VALUES (nextval('s'))", WRITE),
                arguments("SELECT setval('s', 1)", WRITE),
                arguments("SELECT lo_import('x')", WRITE),
                arguments("SELECT lo_from_bytea(0, '\\x00')", WRITE),
                arguments("SELECT pg_try_advisory_xact_lock(1)", WRITE),
                arguments("SELECT pg_advisory_xact_lock_shared(1)", WRITE),
                arguments("SELECT 1 FROM t WHERE pg_try_advisory_lock(t.id)", WRITE),
                arguments("SELECT x.pg_notify('channel', 'payload')", WRITE),
                arguments("SELECT \"nextval\"('s')", WRITE),
                arguments("SELECT \"pg_catalog\".\"nextval\"('s')", WRITE),
                arguments("SELECT -- comment\n nextval('s')", WRITE),
                arguments("SELECT nextval(", WRITE),
                arguments("SELECT next_value FROM t", READ),
                arguments("SELECT nextval FROM t", READ),
                arguments("SELECT t.nextval FROM t", READ),
                arguments("SELECT nextval", READ),
                arguments("SELECT 'nextval(1)'", READ),
                arguments("SELECT 'x' AS \"nextval\"", READ),
                arguments("SELECT nextval_backup(1), xnextval(1), xlo_import(1)", READ),
                arguments("SELECT pg_advisory FROM t", READ),
                arguments("SELECT * FROM lo_table", READ),
                arguments("SELECT ñextval(1)", READ));
    }

    static Stream<Arguments> with() {
        return Stream.of(
                arguments("WITH x AS (SELECT 1) SELECT * FROM x", READ),
                arguments("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 9) SELECT * FROM r",
                        READ),
                arguments("WITH x AS MATERIALIZED (SELECT 1) SELECT * FROM x", READ),
                arguments("WITH x AS (SELECT 'delete' AS d) SELECT d FROM x", READ),
                arguments("WITH x AS (SELECT t.update FROM t) SELECT * FROM x", READ),
                arguments("(WITH x AS (SELECT 1) SELECT * FROM x)", READ),
                arguments("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", WRITE),
                arguments("WITH u AS (UPDATE t SET a = 1 RETURNING *) SELECT count(*) FROM u", WRITE),
                arguments("WITH i AS (INSERT INTO t VALUES (1) RETURNING id) SELECT id FROM i", WRITE),
                arguments("WITH s AS (SELECT * FROM src) INSERT INTO t SELECT * FROM s", WRITE),
                arguments("with x as (select 1) update t set a = 1", WRITE),
                arguments("WITH s AS (SELECT 1) MERGE INTO t USING s ON true WHEN NOT MATCHED THEN DO NOTHING", WRITE),
                arguments("WITH x AS (SELECT 1 FOR UPDATE) SELECT * FROM x", WRITE),
                arguments("WITH x AS (SELECT 1) SELECT * INTO y FROM x", WRITE),
                arguments("WITH x AS (SELECT nextval('s')) SELECT * FROM x", WRITE));
    }

    static Stream<Arguments> explain() {
        return Stream.of(
                arguments("EXPLAIN SELECT 1", READ),
                arguments("EXPLAIN DELETE FROM t", READ),
                arguments("EXPLAIN VERBOSE UPDATE t SET a = 1", READ),
                arguments("EXPLAIN SELECT nextval('s')", READ),
                arguments("EXPLAIN /* ANALYZE */ DELETE FROM t", READ),
                arguments("EXPLAIN ANALYZE SELECT 1", READ),
                arguments("EXPLAIN ANALYZE (SELECT 1)", READ),
                arguments("EXPLAIN ANALYZE", READ),
                arguments("EXPLAIN ANALYZE DELETE FROM t", WRITE),
                arguments("explain analyse insert into t values (1)", WRITE),
                arguments("EXPLAIN ANALYZE VERBOSE UPDATE t SET a = 1", WRITE),
                arguments("EXPLAIN VERBOSE ANALYZE UPDATE t SET a = 1", WRITE),
                arguments("EXPLAIN ANALYZE SELECT nextval('s')", WRITE),
                arguments("EXPLAIN ANALYZE WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", WRITE),
                arguments("EXPLAIN ANALYZE CREATE TABLE t2 AS SELECT 1", WRITE),
                arguments("EXPLAIN ANALYZE EXECUTE q(1)", WRITE),
                arguments("EXPLAIN ANALYZE EXPLAIN ANALYZE SELECT 1", WRITE),
                arguments("EXPLAIN (ANALYZE) DELETE FROM t", WRITE),
                arguments("EXPLAIN (ANALYZE true, BUFFERS) DELETE FROM t", WRITE),
                arguments("EXPLAIN (FORMAT JSON, ANALYZE on) DELETE FROM t", WRITE),
                arguments("EXPLAIN (ANALYZE 1) DELETE FROM t", WRITE),
                arguments("EXPLAIN (ANALYZE) SELECT * FROM t FOR UPDATE", WRITE),
                arguments("EXPLAIN (ANALYZE false) DELETE FROM t", READ),
                arguments("EXPLAIN (ANALYZE off, COSTS on) DELETE FROM t", READ),
                arguments("EXPLAIN (ANALYZE 0) DELETE FROM t", READ),
                arguments("EXPLAIN (ANALYSE FALSE) DELETE FROM t", READ),
                arguments("EXPLAIN (COSTS off, FORMAT yaml) DELETE FROM t", READ),
                arguments("EXPLAIN (ANALYZE) SELECT 1", READ));
    }

    static Stream<Arguments> copy() {
        return Stream.of(
                arguments("COPY t FROM STDIN", WRITE),
                arguments("copy t from stdin", WRITE),
                arguments("COPY t (a, b) FROM '/tmp/f.csv' WITH (FORMAT csv)", WRITE),
                arguments("COPY t TO STDOUT", READ),
                arguments("COPY t (a, b) TO STDOUT WITH (FORMAT csv, HEADER)", READ),
                arguments("COPY public.\"from\" TO STDOUT", READ),
                arguments("COPY t TO PROGRAM 'gzip > /tmp/t.gz'", READ),
                arguments("COPY (SELECT * FROM t) TO STDOUT", READ),
                arguments("COPY ( SELECT a FROM t WHERE b > 1 ) TO STDOUT (FORMAT binary)", READ),
                arguments("COPY (INSERT INTO t VALUES (1) RETURNING *) TO STDOUT", WRITE),
                arguments("COPY (SELECT nextval('s')) TO STDOUT", WRITE),
                arguments("COPY (COPY t TO STDOUT) TO STDOUT", WRITE),
                arguments("COPY t", UNKNOWN));
    }

    static Stream<Arguments> writes() {
        return Stream.of(
                arguments("INSERT INTO t VALUES (1)", WRITE),
                arguments("insert into t select * from u", WRITE),
                arguments("INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = excluded.a", WRITE),
                arguments("UPDATE t SET a = 1 RETURNING *", WRITE),
                arguments("DELETE FROM t", WRITE),
                arguments("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", WRITE),
                arguments("CREATE TABLE t (id int)", WRITE),
                arguments("CREATE UNLOGGED TABLE t (id int)", WRITE),
                arguments("CREATE OR REPLACE VIEW v AS SELECT 1", WRITE),
                arguments("CREATE INDEX CONCURRENTLY i ON t (a)", WRITE),
                arguments("CREATE MATERIALIZED VIEW mv AS SELECT 1", WRITE),
                arguments("CREATE SEQUENCE s", WRITE),
                arguments("ALTER TABLE t ADD COLUMN b int", WRITE),
                arguments("DROP TABLE t", WRITE),
                arguments("TRUNCATE t", WRITE),
                arguments("COMMENT ON TABLE t IS 'x'", WRITE),
                arguments("GRANT SELECT ON t TO r", WRITE),
                arguments("REVOKE ALL ON t FROM r", WRITE),
                arguments("REINDEX TABLE t", WRITE),
                arguments("CLUSTER t USING i", WRITE),
                arguments("VACUUM ANALYZE t", WRITE),
                arguments("ANALYZE t", WRITE),
                arguments("ANALYSE t", WRITE),
                arguments("REFRESH MATERIALIZED VIEW mv", WRITE),
                arguments("CALL proc(1)", WRITE),
                arguments("DO $$BEGIN PERFORM 1; END$$", WRITE),
                arguments("LOCK TABLE t IN ACCESS EXCLUSIVE MODE", WRITE),
                arguments("NOTIFY channel, 'payload'", WRITE),
                arguments("EXECUTE q(1)", WRITE),
                arguments("IMPORT FOREIGN SCHEMA s FROM SERVER srv INTO public", WRITE),
                arguments("SECURITY LABEL ON TABLE t IS 'x'", WRITE),
                arguments("REASSIGN OWNED BY a TO b", WRITE),
                arguments("CHECKPOINT", WRITE),
                arguments("SAVEPOINT sp", WRITE),
                arguments("RELEASE SAVEPOINT sp", WRITE),
                arguments("ROLLBACK TO SAVEPOINT sp", WRITE),
                arguments("BEGIN", WRITE),
                arguments("begin read only", WRITE),
                arguments("START TRANSACTION", WRITE),
                arguments("COMMIT", WRITE),
                arguments("END", WRITE),
                arguments("ROLLBACK", WRITE),
                arguments("ABORT", WRITE),
                arguments("PREPARE TRANSACTION 'tx1'", WRITE),
                arguments("COMMIT PREPARED 'tx1'", WRITE),
                arguments("ROLLBACK PREPARED 'tx1'", WRITE));
    }

    static Stream<Arguments> sessionState() {
        return Stream.of(
                arguments("SET search_path = app", SESSION_STATE),
                arguments("SET search_path TO app, public", SESSION_STATE),
                arguments("set statement_timeout = 1000", SESSION_STATE),
                arguments("SET SESSION statement_timeout = 1000", SESSION_STATE),
                arguments("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE", SESSION_STATE),
                arguments("SET SESSION AUTHORIZATION bob", SESSION_STATE),
                arguments("SET ROLE admin", SESSION_STATE),
                arguments("SET TIME ZONE 'UTC'", SESSION_STATE),
                arguments("RESET search_path", SESSION_STATE),
                arguments("RESET ALL", SESSION_STATE),
                arguments("LISTEN channel", SESSION_STATE),
                arguments("UNLISTEN *", SESSION_STATE),
                arguments("PREPARE q (int) AS SELECT $1", SESSION_STATE),
                arguments("PREPARE q AS DELETE FROM t", SESSION_STATE),
                arguments("DEALLOCATE ALL", SESSION_STATE),
                arguments("DECLARE c CURSOR WITH HOLD FOR SELECT * FROM t", SESSION_STATE),
                arguments("FETCH 10 FROM c", SESSION_STATE),
                arguments("MOVE NEXT IN c", SESSION_STATE),
                arguments("CLOSE c", SESSION_STATE),
                arguments("DISCARD ALL", SESSION_STATE),
                arguments("LOAD 'auto_explain'", SESSION_STATE),
                arguments("CREATE TEMP TABLE tmp (id int)", SESSION_STATE),
                arguments("create temporary table tmp as select 1", SESSION_STATE),
                arguments("CREATE TEMPORARY UNLOGGED TABLE tmp (id int)", SESSION_STATE),
                arguments("CREATE LOCAL TEMP TABLE tmp (id int)", SESSION_STATE),
                arguments("CREATE GLOBAL TEMPORARY TABLE tmp (id int)", SESSION_STATE),
                arguments("CREATE TEMP VIEW v AS SELECT 1", SESSION_STATE),
                arguments("CREATE TEMP SEQUENCE s", SESSION_STATE),
                arguments("CREATE OR REPLACE TEMP VIEW v AS SELECT 1", SESSION_STATE));
    }

    static Stream<Arguments> transactionSettings() {
        return Stream.of(
                arguments("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", TRANSACTION_SETTING),
                arguments("SET TRANSACTION READ ONLY", TRANSACTION_SETTING),
                arguments("SET TRANSACTION SNAPSHOT '00000003-0000001B-1'", TRANSACTION_SETTING),
                arguments("set local statement_timeout = 500", TRANSACTION_SETTING),
                arguments("SET LOCAL search_path TO app", TRANSACTION_SETTING),
                arguments("SET LOCAL ROLE admin", TRANSACTION_SETTING),
                arguments("SET CONSTRAINTS ALL DEFERRED", TRANSACTION_SETTING));
    }

    static Stream<Arguments> unknown() {
        return Stream.of(
                arguments("GIBBERISH", UNKNOWN),
                arguments("FOO BAR BAZ", UNKNOWN),
                arguments("SELECTX 1", UNKNOWN),
                arguments("'SELECT 1'", UNKNOWN),
                arguments("E'SELECT 1'", UNKNOWN),
                arguments("$$SELECT 1$$", UNKNOWN),
                arguments("\"select\" 1", UNKNOWN),
                arguments("$1", UNKNOWN),
                arguments("?", UNKNOWN),
                arguments("42", UNKNOWN),
                arguments("(", UNKNOWN),
                arguments("(((", UNKNOWN),
                arguments(")", UNKNOWN),
                arguments("ŠELECT 1", UNKNOWN));
    }

    static Stream<Arguments> lexing() {
        return Stream.of(
                arguments("SELECT 'update' FROM t", READ),
                arguments("SELECT 'it''s an update' FROM t", READ),
                arguments("SELECT \"delete\" FROM t", READ),
                arguments("SELECT \"a \"\" ; delete\" FROM t", READ),
                arguments("SELECT 1 -- insert", READ),
                arguments("SELECT 1 -- ; DELETE FROM t", READ),
                arguments("SELECT 1 /* ; DELETE FROM t */", READ),
                arguments("SELECT 1 /* outer /* inner */ ; DELETE FROM t */", READ),
                arguments("SELECT 1 /* flat */ ; DELETE FROM t", WRITE),
                arguments("SELECT 2*/*c*/3, 1/2, 3-1", READ),
                arguments("SELECT $$drop$$", READ),
                arguments("SELECT $$ ; DELETE FROM t $$", READ),
                arguments("SELECT $tag$ it's ; update $$ still inside $tag$", READ),
                arguments("SELECT $a$ x $b$ ; DELETE $b$ y $a$", READ),
                arguments("SELECT $a$ x $a$; DELETE FROM t", WRITE),
                arguments("SELECT E'it\\'s ; update'", READ),
                arguments("SELECT e'x''y ; delete'", READ),
                arguments("SELECT E'\\\\'; DELETE FROM t", WRITE),
                arguments("SELECT 'a\\'; DELETE FROM t", WRITE),
                arguments("SELECT U&'d\\0061t\\+000061 ; update' FROM t", READ),
                arguments("SELECT U&\"d\\0061t ; delete\" FROM t", READ),
                arguments("SELECT b'0101', x'FF', n'update' FROM t", READ),
                arguments("SELECT 'a;b'", READ),
                arguments("SELECT * FROM t WHERE a = $1; DELETE FROM t", WRITE),
                arguments("SELECT $1::int + $2 FROM t FOR UPDATE", WRITE),
                arguments("SELECT a$b, c$ FROM t", READ),
                arguments("SELECT 1 AS x$$; DELETE FROM t", WRITE),
                arguments("SELECT 1e5, 0.5, .5, 1_000, 0x1F FROM t", READ),
                arguments("SELECT * FROM t WHERE note LIKE '%update%' ESCAPE '\\'", READ),
                arguments("SELECT $tag FROM t", READ));
    }

    static Stream<Arguments> brokenText() {
        return Stream.of(
                arguments("SELECT 'unterminated", READ),
                arguments("SELECT 'unterminated; DELETE FROM t", READ),
                arguments("UPDATE t SET a = 'unterminated", WRITE),
                arguments("SELECT 1 /* unterminated; DELETE FROM t", READ),
                arguments("SELECT 1 /* /* */ still open; DELETE FROM t", READ),
                arguments("SELECT $$ unterminated; DELETE FROM t", READ),
                arguments("SELECT \"unterminated; DELETE FROM t", READ),
                arguments("SELECT E'unterminated\\", READ),
                arguments("SELECT 1 --", READ),
                arguments("SELECT 1 -", READ),
                arguments("/* unterminated", READ),
                arguments("'unterminated", UNKNOWN),
                arguments("EXPLAIN (ANALYZE", READ),
                arguments("SELECT * FROM t WHERE a IN ((1)", READ));
    }

    static Stream<Arguments> multipleStatements() {
        return Stream.of(
                arguments("SELECT 1; UPDATE t SET a = 1", WRITE),
                arguments("UPDATE t SET a = 1; SELECT 1", WRITE),
                arguments("SELECT 1;SELECT nextval('s')", WRITE),
                arguments("SELECT 1; SELECT 2", READ),
                arguments("SELECT 1;;; SELECT 2;", READ),
                arguments("SELECT 1; -- trailing comment", READ),
                arguments("SELECT 1; /* DELETE */ SELECT 2", READ),
                arguments("SELECT 1; SET search_path = x", SESSION_STATE),
                arguments("SET LOCAL a = 1; SELECT 1", TRANSACTION_SETTING),
                arguments("SET LOCAL a = 1; SET b = 2", SESSION_STATE),
                arguments("LISTEN a; UNLISTEN a", SESSION_STATE),
                arguments("SET b = 2; GIBBERISH", UNKNOWN),
                arguments("SET TRANSACTION READ ONLY; GIBBERISH", UNKNOWN),
                arguments("GIBBERISH; DELETE FROM t", WRITE),
                arguments("DELETE FROM t; GIBBERISH", WRITE),
                arguments("BEGIN; SELECT 1; COMMIT", WRITE));
    }

    /**
     * The words after {@code CREATE}, {@code FOR} and {@code EXPLAIN} are each read once and looked up among all the
     * words that may come there: the same decisions as matching them one keyword at a time, for words cut short or
     * made longer by digits, {@code _}, non-ASCII characters (U+0120 and U+0128, whose low bytes are a space and a
     * {@code (}), and for comments and quotes between or around them.
     */
    static Stream<Arguments> keywordsReadOnce() {
        return Stream.of(
                arguments("CREATE REPLACE TEMP TABLE t (a int)", SESSION_STATE),
                arguments("CREATE OR OR TEMP TABLE t (a int)", WRITE),
                arguments("CREATE LOCAL GLOBAL TEMP TABLE t (a int)", WRITE),
                arguments("CREATE OR REPLACE GLOBAL LOCAL TEMPORARY VIEW v AS SELECT 1", SESSION_STATE),
                arguments("CREATE /* TEMP */ TABLE t (a int)", WRITE),
                arguments("CREATE -- x\n TEMP TABLE t (a int)", SESSION_STATE),
                arguments("CREATE TEMP\u00e9 TABLE t (a int)", WRITE),
                arguments("CREATE TEMP_x TABLE t (a int)", WRITE),
                arguments("CREATE \"TEMP\" TABLE t (a int)", WRITE),
                arguments("CREATE TEMP", SESSION_STATE),
                arguments("CREATE OR", WRITE),
                arguments("CREATE TEMPORARYTEMPORARY TABLE t (a int)", WRITE),
                arguments("CREATE OR\u0120TEMP TABLE t (a int)", WRITE),
                arguments("CREATE TEMP1 TABLE t (a int)", WRITE),
                arguments("SELECT * FROM t FOR KEY UPDATE", READ),
                arguments("SELECT * FROM t FOR NO KEY SHARE", READ),
                arguments("SELECT * FROM t FOR NO NO KEY UPDATE", READ),
                arguments("SELECT * FROM t FOR KEY /* x */ SHARE", WRITE),
                arguments("SELECT * FROM t FOR -- c\nKEY SHARE", WRITE),
                arguments("SELECT * FROM t FOR UPDATEx", READ),
                arguments("SELECT * FROM t FOR update1", READ),
                arguments("SELECT * FROM t FOR UPDATE\u00e9", READ),
                arguments("SELECT * FROM t FOR \"UPDATE\"", READ),
                arguments("SELECT * FROM t FOR KEY\u0120SHARE", READ),
                arguments("SELECT * FROM t FOR NO KEY", READ),
                arguments("SELECT * FROM t FOR NO\u0120KEY UPDATE", READ),
                arguments("SELECT * FROM t FOR UPDATE\u0128", READ),
                arguments("EXPLAIN VERBOSE VERBOSE ANALYZE DELETE FROM t", WRITE),
                arguments("EXPLAIN ANALYZEx DELETE FROM t", READ),
                arguments("EXPLAIN ANALYZE\u00e9 DELETE FROM t", READ),
                arguments("EXPLAIN analyse verbose delete from t", WRITE),
                arguments("EXPLAIN /* c */ ANALYZE -- c\n DELETE FROM t", WRITE),
                arguments("EXPLAIN E'x' ANALYZE DELETE FROM t", READ),
                arguments("EXPLAIN ANALYZE\u0120DELETE FROM t", READ),
                arguments("EXPLAIN VERBOSE", READ),
                arguments("SET LOCAL\u0120x = 1", SESSION_STATE),
                arguments("SET local/**/x = 1", TRANSACTION_SETTING));
    }

    @ParameterizedTest(name = "[{index}] {1} <- {0}")
    @MethodSource({"statementEnds", "queryTokens"})
    void classifiesInOnePass(String sql, StatementKind expected) {
        assertThat(classifier.classify(sql)).as(sql).isEqualTo(expected);
    }

    /** Each statement's end is found while classifying it: a ';' in a literal, comment or quoted name ends nothing. */
    static Stream<Arguments> statementEnds() {
        return Stream.of(
                arguments("SELECT 'x;'; DELETE FROM t", WRITE),
                arguments("SELECT \"a;b\" FROM t; SELECT 1", READ),
                arguments("SELECT E'\\';'; DELETE FROM t", WRITE),
                arguments("SELECT $$;$$, $q$ ; $q$; DELETE FROM t", WRITE),
                arguments("SET a = 'x;y'; SELECT 1", SESSION_STATE),
                arguments("SET LOCAL a = 'b;c'; DELETE FROM t", WRITE),
                arguments("SET a = 1 -- ; DELETE FROM t\n; SELECT 1", SESSION_STATE),
                arguments("LISTEN a /* ; DELETE FROM t */; SELECT 1", SESSION_STATE),
                arguments("EXPLAIN SELECT ';'; DELETE FROM t", WRITE),
                arguments("EXPLAIN SELECT ';'; SELECT 1", READ),
                arguments("EXPLAIN ANALYZE SELECT 1; DELETE FROM t", WRITE),
                arguments("EXPLAIN ANALYZE SELECT 1; SET a = 1", SESSION_STATE),
                arguments("EXPLAIN (ANALYZE; DELETE FROM t", WRITE),
                arguments("COPY t TO STDOUT; DELETE FROM t", WRITE),
                arguments("COPY t TO '/tmp/x;y'; SET a = 1", SESSION_STATE),
                arguments("COPY (SELECT ';') TO STDOUT; SET a = 1", SESSION_STATE),
                arguments("CREATE TEMP TABLE x (a text DEFAULT ';'); SELECT 1", SESSION_STATE),
                arguments("GIBBERISH ';'; SET a = 1", UNKNOWN),
                arguments("SELECT 1; SET a = 1; SELECT 2", SESSION_STATE),
                arguments("WITH x AS (SELECT 1) SELECT 1 FROM x; UPDATE t SET a = 1", WRITE));
    }

    /**
     * Queries skip the tokens that cannot make them write in a fast loop, which hands qualified names, calls,
     * comments, literals and possible keywords to the exact scan: both must agree.
     */
    static Stream<Arguments> queryTokens() {
        return Stream.of(
                arguments("SELECT t . into FROM t", READ),
                arguments("SELECT t /* c */ . into FROM t", READ),
                arguments("SELECT t -- c\n.into FROM t", READ),
                arguments("SELECT t.for, t.into, s.t.for FROM t", READ),
                arguments("SELECT \"t\".into FROM t", READ),
                arguments("SELECT t.\"for\" FROM t FOR SHARE", WRITE),
                arguments("SELECT x, nextval -- c\n('s') FROM t", WRITE),
                arguments("SELECT a.b.c.nextval('s')", WRITE),
                arguments("SELECT \"s\".\"t\".nextval('x')", WRITE),
                arguments("SELECT nextval . x FROM t", READ),
                arguments("SELECT count(*), sum(x), coalesce(a, b), lower(c), lag(d) OVER w FROM t", READ),
                arguments("SELECT a FROM t WHERE b IN (1, 2) AND EXISTS (SELECT 1) FOR UPDATE", WRITE),
                arguments("SELECT a FROM t WHERE b = $1 FOR UPDATE", WRITE),
                arguments("SELECT $1::int INTO t", WRITE),
                arguments("SELECT $1, $2 FROM t", READ),
                arguments("SELECT a$1 FROM t FOR UPDATE", WRITE),
                arguments("SELECT $$a$$ FOR UPDATE", WRITE),
                arguments("SeLeCt * FrOm t FoR uPdAtE", WRITE),
                arguments("select a iNtO b from t", WRITE),
                arguments("SELECT 1.5e3, 0x1F, 1_000 FROM t FOR UPDATE", WRITE),
                arguments("SELECT a[1], b::text, c->>'d', e @> f FROM t FOR UPDATE", WRITE),
                arguments("SELECT a/*x*/FROM t FOR/**/UPDATE", WRITE),
                arguments("SELECT 4/2, 4-2 FROM t", READ),
                arguments("SELECT 4-2-- FOR UPDATE", READ),
                arguments("SELECT e'\\'' FOR UPDATE", WRITE),
                arguments("SELECT xe'a' FROM t", READ),
                arguments("SELECT 名前 FROM t FOR UPDATE", WRITE),
                arguments("SELECT überinto, intoß, forü FROM t", READ),
                arguments("SELECT form, fore, inta, int4, fo, in FROM t", READ),
                arguments("WITH x AS (SELECT 1) SELECT t.update, t.insert, t.merge, t.delete FROM t", READ),
                arguments("WITH x AS (SELECT 1) SELECT upsert, deleted, merged FROM x", READ));
    }

    @ParameterizedTest(name = "[{index}] {1} <- {0}")
    @MethodSource
    void classifiesCallsOfAddedFunctionsOfAnyCaseAndAlphabet(String sql, StatementKind expected) {
        StatementClassifier custom = StatementClassifier.withPrimaryFunctions(List.of("ñu", "Ab", "s1.Fn"));

        assertThat(custom.classify(sql)).as(sql).isEqualTo(expected);
    }

    static Stream<Arguments> classifiesCallsOfAddedFunctionsOfAnyCaseAndAlphabet() {
        return Stream.of(
                arguments("SELECT ñU(1)", WRITE),
                // only ASCII letters fold
                arguments("SELECT ÑU(1)", READ),
                arguments("SELECT aB(1)", WRITE),
                arguments("SELECT \"AB\"(1)", WRITE),
                arguments("SELECT x.ab (1)", WRITE),
                arguments("SELECT abc(1), b(1)", READ),
                arguments("SELECT ab FROM t", READ),
                arguments("SELECT S1.FN(1)", WRITE),
                arguments("SELECT fn (1)", WRITE),
                arguments("SELECT s2.fn(1)", READ));
    }

    @ParameterizedTest(name = "[{index}] SELECT {0}(1)")
    @ValueSource(strings = {"nextval", "setval", "currval", "lastval", "pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_advisory_xact_lock", "pg_advisory_unlock", "pg_advisory_unlock_all", "pg_try_advisory_lock",
            "pg_try_advisory_xact_lock_shared", "pg_notify", "set_config", "txid_current", "txid_current_if_assigned",
            "pg_current_xact_id", "pg_current_xact_id_if_assigned", "lo_create", "lo_import", "lo_unlink", "lo_put",
            "lo_from_bytea", "pg_create_restore_point", "pg_switch_wal", "pg_create_logical_replication_slot",
            "pg_create_physical_replication_slot", "pg_drop_replication_slot", "pg_cancel_backend",
            "pg_terminate_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_stat_reset", "pg_stat_statements_reset",
            "dblink_exec", "pg_logical_emit_message", "pg_replication_origin_create", "pg_current_wal_lsn",
            "pg_current_wal_insert_lsn", "pg_current_wal_flush_lsn"})
    void callOfBuiltInSideEffectingFunctionWrites(String function) {
        assertThat(classifier.classify("SELECT " + function + "(1)")).isEqualTo(WRITE);
        assertThat(classifier.classify("SELECT pg_catalog." + function.toUpperCase(Locale.ROOT) + " (1)"))
                .isEqualTo(WRITE);
        assertThat(classifier.classify("SELECT '" + function + "(1)'")).isEqualTo(READ);
    }

    @ParameterizedTest(name = "[{index}] {1} <- {0}")
    @MethodSource
    void classifiesCallsOfAddedFunctions(String sql, StatementKind expected) {
        assertThat(withAudit.classify(sql)).as(sql).isEqualTo(expected);
    }

    static Stream<Arguments> classifiesCallsOfAddedFunctions() {
        return Stream.of(
                arguments("SELECT audit.log_access(1)", WRITE),
                arguments("SELECT AUDIT.LOG_ACCESS(1)", WRITE),
                arguments("SELECT \"audit\".\"log_access\"(1)", WRITE),
                // search_path may resolve an unqualified call to audit.log_access
                arguments("SELECT log_access(1)", WRITE),
                arguments("SELECT other.log_access(1)", READ),
                arguments("SELECT audit.log_access FROM t", READ),
                arguments("SELECT 'audit.log_access(1)'", READ),
                arguments("SELECT bump_counter(1)", WRITE),
                arguments("SELECT app.bump_counter(1)", WRITE),
                arguments("SELECT bump_counter_total(1)", READ),
                arguments("SELECT nextval('s')", WRITE),
                arguments("SELECT 1", READ));
    }

    @Test
    void defaultsDoNotKnowAddedFunctions() {
        assertThat(classifier.classify("SELECT audit.log_access(1)")).isEqualTo(READ);
        assertThat(classifier.classify("SELECT bump_counter(1)")).isEqualTo(READ);
    }

    @Test
    void rejectsNullFunctionNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> StatementClassifier.withPrimaryFunctions(null))
                .withMessage("extraFunctionNames must not be null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> StatementClassifier.withPrimaryFunctions(Arrays.asList("fn", null)))
                .withMessage("function name must not be null");
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"", " ", " \t\n"})
    void rejectsBlankFunctionNames(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> StatementClassifier.withPrimaryFunctions(List.of(name)))
                .withMessage("function name must not be blank, was '" + name + "'");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"a.b.c", "audit.", ".fn", "my fn", " fn", "\"Quoted\"", "fn()", "1fn", "e'x'", "a-b"})
    void rejectsMalformedFunctionNames(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> StatementClassifier.withPrimaryFunctions(List.of(name)))
                .withMessage("function name must be 'name' or 'schema.name' of unquoted identifiers, was '%s'", name);
    }

    @Test
    void acceptsIdentifiersPostgresAccepts() {
        StatementClassifier custom = StatementClassifier.withPrimaryFunctions(List.of("_f$1", "S1.Größe", "x"));

        assertThat(custom.classify("SELECT _F$1()")).isEqualTo(WRITE);
        assertThat(custom.classify("SELECT s1.Größe()")).isEqualTo(WRITE);
        assertThat(custom.classify("SELECT X()")).isEqualTo(WRITE);
    }

    @Test
    void defaultsIsOneSharedInstance() {
        assertThat(StatementClassifier.defaults()).isSameAs(StatementClassifier.defaults());
    }

    @Test
    void onlyReadsAndTransactionSettingsMayLeaveThePrimary() {
        assertThat(READ.requiresPrimary()).isFalse();
        assertThat(TRANSACTION_SETTING.requiresPrimary()).isFalse();
        assertThat(WRITE.requiresPrimary()).isTrue();
        assertThat(SESSION_STATE.requiresPrimary()).isTrue();
        assertThat(UNKNOWN.requiresPrimary()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0} + {1} = {2}")
    @MethodSource
    void strongestOfTwoKinds(StatementKind a, StatementKind b, StatementKind expected) {
        assertThat(StatementKind.strongest(a, b)).isEqualTo(expected);
        assertThat(StatementKind.strongest(b, a)).isEqualTo(expected);
    }

    static Stream<Arguments> strongestOfTwoKinds() {
        return Stream.of(
                arguments(READ, READ, READ),
                arguments(READ, TRANSACTION_SETTING, TRANSACTION_SETTING),
                arguments(READ, SESSION_STATE, SESSION_STATE),
                arguments(READ, UNKNOWN, UNKNOWN),
                arguments(READ, WRITE, WRITE),
                arguments(TRANSACTION_SETTING, TRANSACTION_SETTING, TRANSACTION_SETTING),
                arguments(TRANSACTION_SETTING, SESSION_STATE, SESSION_STATE),
                arguments(TRANSACTION_SETTING, UNKNOWN, UNKNOWN),
                arguments(TRANSACTION_SETTING, WRITE, WRITE),
                arguments(SESSION_STATE, SESSION_STATE, SESSION_STATE),
                arguments(SESSION_STATE, UNKNOWN, UNKNOWN),
                arguments(SESSION_STATE, WRITE, WRITE),
                arguments(UNKNOWN, UNKNOWN, UNKNOWN),
                arguments(UNKNOWN, WRITE, WRITE),
                arguments(WRITE, WRITE, WRITE));
    }

    @Test
    void classifiesVeryLongStatements() {
        String columns = "a, ".repeat(100_000);

        assertThat(classifier.classify("SELECT " + columns + "b FROM t")).isEqualTo(READ);
        assertThat(classifier.classify("SELECT " + columns + "b FROM t FOR UPDATE")).isEqualTo(WRITE);
        assertThat(classifier.classify("SELECT '" + "x".repeat(1_000_000) + "' FROM t")).isEqualTo(READ);
        assertThat(classifier.classify("SELECT 1; ".repeat(50_000) + "DELETE FROM t")).isEqualTo(WRITE);
    }

    @Test
    void deepNestingNeedsNoStack() {
        assertThat(classifier.classify("(".repeat(100_000) + "SELECT 1" + ")".repeat(100_000))).isEqualTo(READ);
        assertThat(classifier.classify("/*".repeat(100_000) + "*/".repeat(100_000) + "SELECT 1")).isEqualTo(READ);
        assertThat(classifier.classify("EXPLAIN ANALYZE ".repeat(100_000) + "SELECT 1")).isEqualTo(WRITE);
        assertThat(classifier.classify("COPY (".repeat(100_000) + "SELECT 1")).isEqualTo(WRITE);
    }

    @Test
    void neverThrowsOnArbitraryText() {
        String[] fragments = {"'", "\"", "$", "$$", "$a$", "$1", "--", "/*", "*/", "\n", ";", "(", ")", "E'", "e", "\\",
                "U&", " ", ".", "::", "?", "SELECT", "UPDATE", "FOR", "INTO", "WITH", "EXPLAIN", "ANALYZE", "COPY",
                "FROM", "TO", "SET", "LOCAL", "CREATE", "TEMP", "nextval", "lo_", "ü", "😀", "1"};
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sql = new StringBuilder();
            for (int length = random.nextInt(30); length > 0; length--) {
                sql.append(fragments[random.nextInt(fragments.length)]);
                if (random.nextBoolean()) {
                    sql.append(' ');
                }
            }
            assertThat(classifier.classify(sql.toString())).as(sql.toString()).isNotNull();
        }
    }

    @Test
    void classifyAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs a JVM that counts allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "needs per-thread allocation counting");
        String[] corpus = Stream.of(queries(), lockingReads(), selectInto(), functionCalls(), with(), explain(), copy(),
                        writes(), sessionState(), transactionSettings(), unknown(), lexing(), brokenText(),
                        multipleStatements(), classifiesCallsOfAddedFunctions())
                .flatMap(rows -> rows)
                .map(row -> (String) row.get()[0])
                .toArray(String[]::new);
        int calls = 100_000;
        long checksum = classifyRepeatedly(corpus, calls); // warm-up, so that the JIT settles first

        long before = threads.getCurrentThreadAllocatedBytes();
        checksum += classifyRepeatedly(corpus, calls);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(checksum).isPositive();
        // a single allocation per call would add up to megabytes; the margin only absorbs JVM noise
        assertThat(allocated).as("bytes allocated by %d calls", calls).isLessThan(64 * 1024);
    }

    private long classifyRepeatedly(String[] corpus, int calls) {
        long checksum = 0;
        for (int i = 0; i < calls; i++) {
            String sql = corpus[i % corpus.length];
            checksum += classifier.classify(sql).ordinal() + withAudit.classify(sql).ordinal();
        }
        return checksum;
    }

}
