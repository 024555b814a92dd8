-- The statements ClassifierBenchmark classifies: what applications, ORMs and migration tools send to PostgreSQL.
--
-- Each entry starts with a header line '--@ <id> <category> <expected kind>' and runs up to the next header; the
-- text between is the statement exactly as sent, less leading and trailing blank lines. Lines above the first
-- header (these) are not part of the corpus. The expected kind is what StatementClassifier.defaults() must answer;
-- SqlCorpusUnitTests checks it, so a benchmark never times a path other than the one its category names.
--
-- Categories: point, analytic, utility, orm, write, ddl, locking, functions, session, multi, tricky.
-- After editing, update SqlCorpus.STATEMENTS and SqlCorpus.UTF8_BYTES (the unit test prints the new values).

--@ point-pk point READ
SELECT id, email, display_name, created_at FROM users WHERE id = $1

--@ point-health point READ
SELECT 1

--@ point-exists point READ
SELECT EXISTS (SELECT 1 FROM sessions WHERE token = $1 AND expires_at > now())

--@ point-count point READ
select count(*) from orders where customer_id = $1 and status = 'OPEN'

--@ point-any point READ
SELECT p.id, p.sku, p.name, p.price_cents FROM products p WHERE p.id = ANY($1::bigint[])

--@ analytic-join analytic READ
SELECT o.id, o.placed_at, c.name AS customer, sum(li.quantity * li.unit_price_cents) AS total_cents
FROM orders o
JOIN customers c ON c.id = o.customer_id
LEFT JOIN line_items li ON li.order_id = o.id
WHERE o.placed_at >= $1 AND o.placed_at < $2
GROUP BY o.id, o.placed_at, c.name
HAVING sum(li.quantity * li.unit_price_cents) > 10000
ORDER BY total_cents DESC
LIMIT 50

--@ analytic-cte analytic READ
WITH monthly AS (
    SELECT date_trunc('month', o.placed_at) AS month, o.customer_id, sum(o.total_cents) AS spent
    FROM orders o
    WHERE o.status IN ('PAID', 'SHIPPED', 'DELIVERED')
    GROUP BY 1, 2
), ranked AS (
    SELECT month, customer_id, spent, rank() OVER (PARTITION BY month ORDER BY spent DESC) AS position
    FROM monthly
)
SELECT r.month, c.name, r.spent
FROM ranked r JOIN customers c ON c.id = r.customer_id
WHERE r.position <= 10
ORDER BY r.month, r.position

--@ analytic-recursive analytic READ
WITH RECURSIVE tree (id, parent_id, name, depth, path) AS (
    SELECT id, parent_id, name, 0, ARRAY[id] FROM categories WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, c.parent_id, c.name, t.depth + 1, t.path || c.id
    FROM categories c JOIN tree t ON c.parent_id = t.id
    WHERE t.depth < 8
)
SELECT id, repeat('  ', depth) || name AS label FROM tree ORDER BY path

--@ analytic-window analytic READ
SELECT account_id, booked_at, amount_cents,
       sum(amount_cents) OVER w AS running_balance,
       lag(amount_cents) OVER w AS previous_amount,
       row_number() OVER (PARTITION BY account_id ORDER BY amount_cents DESC) AS size_rank,
       avg(amount_cents) OVER (PARTITION BY account_id ORDER BY booked_at ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
           AS moving_average
FROM ledger_entries
WHERE booked_at >= now() - interval '90 days'
WINDOW w AS (PARTITION BY account_id ORDER BY booked_at)

--@ analytic-union analytic READ
(SELECT id, 'user' AS kind, display_name AS label FROM users WHERE display_name ILIKE $1 LIMIT 10)
UNION ALL
(SELECT id, 'team' AS kind, name AS label FROM teams WHERE name ILIKE $1 LIMIT 10)
ORDER BY label

--@ analytic-lateral analytic READ
SELECT u.id, u.email, recent.items,
       count(*) FILTER (WHERE e.kind = 'login') AS logins,
       jsonb_build_object('plan', s.plan, 'renews', s.renews_at) AS subscription
FROM users u
LEFT JOIN subscriptions s ON s.user_id = u.id
LEFT JOIN events e ON e.user_id = u.id AND e.created_at > now() - interval '30 days'
CROSS JOIN LATERAL (
    SELECT jsonb_agg(jsonb_build_object('id', o.id, 'total', o.total_cents) ORDER BY o.placed_at DESC) AS items
    FROM (SELECT id, total_cents, placed_at FROM orders WHERE customer_id = u.id ORDER BY placed_at DESC LIMIT 3) o
) recent
WHERE u.tenant_id = $1
GROUP BY u.id, u.email, recent.items, s.plan, s.renews_at

--@ utility-values utility READ
VALUES (1, 'one'), (2, 'two'), (3, 'three')

--@ utility-show utility READ
SHOW transaction_isolation

--@ utility-table utility READ
TABLE flyway_schema_history

--@ utility-explain utility READ
EXPLAIN (FORMAT JSON, COSTS OFF) SELECT * FROM orders WHERE customer_id = 42 ORDER BY placed_at DESC

--@ utility-explain-analyze utility READ
EXPLAIN ANALYZE SELECT count(*) FROM events WHERE created_at > now() - interval '1 day'

--@ utility-copy-to utility READ
COPY (SELECT id, email, created_at FROM users WHERE deleted_at IS NULL) TO STDOUT WITH (FORMAT csv, HEADER true)

--@ orm-hibernate6-load orm READ
select o1_0.id,o1_0.billing_city,o1_0.billing_country,o1_0.billing_line1,o1_0.billing_line2,o1_0.billing_postcode,o1_0.channel,o1_0.coupon_code,o1_0.created_at,o1_0.created_by,o1_0.currency,o1_0.customer_id,c1_0.id,c1_0.created_at,c1_0.email,c1_0.first_name,c1_0.last_name,c1_0.loyalty_tier,c1_0.phone,c1_0.updated_at,c1_0.version,o1_0.discount_cents,o1_0.notes,o1_0.placed_at,o1_0.shipping_city,o1_0.shipping_country,o1_0.shipping_line1,o1_0.shipping_line2,o1_0.shipping_postcode,o1_0.status,o1_0.tax_cents,o1_0.total_cents,o1_0.updated_at,o1_0.updated_by,o1_0.version from orders o1_0 left join customers c1_0 on c1_0.id=o1_0.customer_id where o1_0.id=$1

--@ orm-hibernate5-fetch orm READ
select distinct order0_.id as id1_5_0_, lineitems1_.id as id1_3_1_, product2_.id as id1_7_2_, order0_.channel as channel2_5_0_, order0_.created_at as created_3_5_0_, order0_.currency as currency4_5_0_, order0_.customer_id as custome15_5_0_, order0_.discount_cents as discount5_5_0_, order0_.notes as notes6_5_0_, order0_.placed_at as placed_a7_5_0_, order0_.status as status8_5_0_, order0_.tax_cents as tax_cent9_5_0_, order0_.total_cents as total_c10_5_0_, order0_.updated_at as updated11_5_0_, order0_.version as version12_5_0_, lineitems1_.order_id as order_id6_3_1_, lineitems1_.product_id as product_7_3_1_, lineitems1_.quantity as quantity2_3_1_, lineitems1_.unit_price_cents as unit_pri3_3_1_, lineitems1_.order_id as order_id6_3_0__, lineitems1_.id as id1_3_0__, product2_.name as name2_7_2_, product2_.price_cents as price_ce3_7_2_, product2_.sku as sku4_7_2_ from orders order0_ left outer join line_items lineitems1_ on order0_.id=lineitems1_.order_id left outer join products product2_ on lineitems1_.product_id=product2_.id where order0_.customer_id=? and (order0_.status in (? , ? , ?)) order by order0_.placed_at desc limit ?

--@ orm-spring-data-page orm READ
SELECT orders.id, orders.customer_id, orders.status, orders.channel, orders.currency, orders.total_cents, orders.tax_cents, orders.discount_cents, orders.coupon_code, orders.notes, orders.placed_at, orders.created_at, orders.updated_at, orders.version FROM orders WHERE orders.customer_id = $1 AND (orders.status = $2) ORDER BY orders.placed_at DESC LIMIT 20 OFFSET 40

--@ orm-spring-data-count orm READ
SELECT COUNT(orders.id) FROM orders WHERE orders.customer_id = $1 AND (orders.status = $2)

--@ orm-jooq orm READ
select "public"."orders"."id", "public"."orders"."status", "public"."orders"."total_cents", "public"."orders"."placed_at", "public"."customers"."id", "public"."customers"."email", "public"."customers"."loyalty_tier" from "public"."orders" join "public"."customers" on "public"."customers"."id" = "public"."orders"."customer_id" where ("public"."orders"."status" = $1 and "public"."orders"."placed_at" >= cast($2 as timestamp(6) with time zone)) order by "public"."orders"."placed_at" desc offset $3 rows fetch next $4 rows only

--@ orm-hibernate6-pessimistic orm WRITE
select a1_0.id,a1_0.balance_cents,a1_0.currency,a1_0.customer_id,a1_0.iban,a1_0.opened_at,a1_0.overdraft_limit_cents,a1_0.status,a1_0.updated_at,a1_0.version from accounts a1_0 where a1_0.id=$1 for no key update

--@ write-insert-returning write WRITE
INSERT INTO orders (customer_id, status, channel, currency, total_cents, placed_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, version

--@ write-insert-rows write WRITE
INSERT INTO events (user_id, kind, payload, created_at) VALUES
    ($1, 'login', '{"ip": "127.0.0.1"}'::jsonb, now()),
    ($2, 'view', '{"page": "/orders"}'::jsonb, now()),
    ($3, 'logout', '{}'::jsonb, now())

--@ write-upsert write WRITE
INSERT INTO inventory (sku, warehouse_id, quantity, updated_at) VALUES ($1, $2, $3, now())
ON CONFLICT (sku, warehouse_id) DO UPDATE
SET quantity = inventory.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at
WHERE inventory.quantity + EXCLUDED.quantity >= 0

--@ write-upsert-nothing write WRITE
insert into processed_messages (message_id, processed_at) values ($1, now()) on conflict do nothing

--@ write-update-versioned write WRITE
UPDATE accounts SET balance_cents = $1, version = version + 1, updated_at = now() WHERE id = $2 AND version = $3

--@ write-update-from write WRITE
UPDATE line_items li SET unit_price_cents = p.price_cents
FROM products p, orders o
WHERE li.product_id = p.id AND li.order_id = o.id AND o.status = 'DRAFT'

--@ write-delete-using write WRITE
DELETE FROM sessions s USING users u WHERE s.user_id = u.id AND u.disabled_at IS NOT NULL RETURNING s.id

--@ write-merge write WRITE
MERGE INTO customer_totals t
USING (SELECT customer_id, sum(total_cents) AS total FROM orders WHERE placed_at >= $1 GROUP BY customer_id) s
ON t.customer_id = s.customer_id
WHEN MATCHED THEN UPDATE SET total_cents = t.total_cents + s.total
WHEN NOT MATCHED THEN INSERT (customer_id, total_cents) VALUES (s.customer_id, s.total)

--@ write-cte-outbox write WRITE
WITH batch AS (
    SELECT id FROM outbox ORDER BY id LIMIT 100
), moved AS (
    DELETE FROM outbox WHERE id IN (SELECT id FROM batch) RETURNING *
)
INSERT INTO outbox_archive SELECT * FROM moved

--@ write-cte-late write WRITE
WITH expired AS (
    SELECT r.id FROM reservations r WHERE r.hold_until < now() AND r.state = 'HELD'
), released AS (
    UPDATE seats SET reservation_id = NULL WHERE reservation_id IN (SELECT id FROM expired) RETURNING seat_no
)
SELECT count(*) FROM released

--@ write-select-into write WRITE
SELECT id, customer_id, total_cents INTO archived_orders_2023 FROM orders WHERE placed_at < '2024-01-01'

--@ write-copy-from write WRITE
COPY staging_prices (sku, price_cents, valid_from) FROM STDIN WITH (FORMAT csv)

--@ write-explain-analyze write WRITE
EXPLAIN (ANALYZE, BUFFERS) UPDATE accounts SET balance_cents = balance_cents - 100 WHERE id = 7

--@ ddl-create-table ddl WRITE
CREATE TABLE IF NOT EXISTS audit_log (
    id bigserial PRIMARY KEY,
    actor text NOT NULL,
    action text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    entity text NOT NULL,
    entity_id bigint,
    changed jsonb NOT NULL DEFAULT '{}',
    at timestamptz NOT NULL DEFAULT now()
)

--@ ddl-alter-table ddl WRITE
ALTER TABLE orders ADD COLUMN IF NOT EXISTS channel text NOT NULL DEFAULT 'web'

--@ ddl-create-index ddl WRITE
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_placed_idx ON orders (customer_id, placed_at DESC) WHERE status <> 'CANCELLED'

--@ ddl-create-function ddl WRITE
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- a write-looking word inside the body: UPDATE
    NEW.updated_at := now();
    RETURN NEW;
END
$fn$

--@ ddl-do-block ddl WRITE
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'events_%' LOOP
        EXECUTE format('ANALYZE %I', r.tablename);
    END LOOP;
END
$$

--@ ddl-call ddl WRITE
CALL refresh_customer_totals($1, $2)

--@ ddl-truncate ddl WRITE
TRUNCATE TABLE staging_prices RESTART IDENTITY

--@ ddl-refresh ddl WRITE
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales

--@ ddl-temp-table ddl SESSION_STATE
CREATE TEMP TABLE import_ids (id bigint PRIMARY KEY) ON COMMIT DELETE ROWS

--@ locking-for-update locking WRITE
SELECT id, balance_cents, version FROM accounts WHERE id = $1 FOR UPDATE

--@ locking-queue locking WRITE
SELECT id, queue, payload, attempts FROM jobs
WHERE queue = $1 AND run_at <= now()
ORDER BY priority DESC, run_at
LIMIT 10
FOR NO KEY UPDATE SKIP LOCKED

--@ locking-for-share locking WRITE
SELECT p.id, p.price_cents FROM products p JOIN inventory i ON i.sku = p.sku WHERE p.sku = $1 FOR SHARE OF p NOWAIT

--@ locking-key-share locking WRITE
select c.id from customers c where c.id = $1 for key share

--@ locking-lock-table locking WRITE
LOCK TABLE inventory IN SHARE ROW EXCLUSIVE MODE

--@ functions-nextval functions WRITE
SELECT nextval('orders_id_seq')

--@ functions-nextval-batch functions WRITE
select nextval('hibernate_sequence') from generate_series(1, 50)

--@ functions-currval functions WRITE
SELECT currval(pg_get_serial_sequence('orders', 'id'))

--@ functions-advisory-lock functions WRITE
SELECT pg_advisory_lock(hashtext('nightly-report'))

--@ functions-advisory-try functions WRITE
SELECT pg_try_advisory_xact_lock($1, $2) AS acquired

--@ functions-set-config functions WRITE
SELECT set_config('app.tenant_id', $1, false)

--@ functions-notify functions WRITE
SELECT pg_notify('order_events', json_build_object('id', $1, 'status', $2)::text)

--@ functions-read-only functions READ
SELECT now(), current_setting('TimeZone'), pg_is_in_recovery(), pg_last_wal_replay_lsn(), version()

--@ session-set session SESSION_STATE
SET search_path TO tenant_42, public

--@ session-set-time-zone session SESSION_STATE
SET TIME ZONE 'UTC'

--@ session-set-local session TRANSACTION_SETTING
SET LOCAL statement_timeout = '5s'

--@ session-set-transaction session TRANSACTION_SETTING
SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY

--@ session-reset session SESSION_STATE
RESET ALL

--@ session-prepare session SESSION_STATE
PREPARE find_user (bigint) AS SELECT id, email FROM users WHERE id = $1

--@ session-listen session SESSION_STATE
LISTEN order_events

--@ session-declare-cursor session SESSION_STATE
DECLARE export_cursor CURSOR WITH HOLD FOR SELECT id, payload FROM events ORDER BY id

--@ session-begin session WRITE
BEGIN ISOLATION LEVEL READ COMMITTED

--@ session-commit session WRITE
COMMIT

--@ multi-transaction multi WRITE
BEGIN;
UPDATE accounts SET balance_cents = balance_cents - 500 WHERE id = 1;
UPDATE accounts SET balance_cents = balance_cents + 500 WHERE id = 2;
INSERT INTO transfers (from_account, to_account, amount_cents) VALUES (1, 2, 500);
COMMIT;

--@ multi-reads multi READ
SELECT count(*) FROM users; SELECT count(*) FROM orders WHERE status = 'OPEN'; SELECT max(placed_at) FROM orders;

--@ multi-setting-then-read multi TRANSACTION_SETTING
SET LOCAL work_mem = '64MB'; SELECT customer_id, sum(total_cents) FROM orders GROUP BY customer_id

--@ multi-read-then-write multi WRITE
SELECT id FROM carts WHERE updated_at < now() - interval '7 days'; DELETE FROM carts WHERE updated_at < now() - interval '7 days'

--@ multi-migration multi WRITE
-- V42__add_order_channel.sql
ALTER TABLE orders ADD COLUMN channel text;
UPDATE orders SET channel = 'web' WHERE channel IS NULL;
ALTER TABLE orders ALTER COLUMN channel SET NOT NULL;
CREATE INDEX orders_channel_idx ON orders (channel);

--@ tricky-comments tricky READ
/* FOR UPDATE; DELETE FROM users */
SELECT id, title -- INSERT INTO audit_log
FROM posts /* nested /* UPDATE posts SET */ still a comment */
WHERE published -- FOR SHARE
ORDER BY id

--@ tricky-literals tricky READ
SELECT id FROM notes WHERE body LIKE '%; DROP TABLE students; --%' OR title = 'SELECT ... FOR UPDATE' OR tag = 'it''s nextval(1)'

--@ tricky-dollar-quotes tricky READ
SELECT $q$It's "quoted"; UPDATE nothing FOR UPDATE$q$ AS text, E'line\nbreak \' DELETE FROM t' AS escaped, $$pg_advisory_lock(1)$$ AS call

--@ tricky-quoted-identifiers tricky READ
SELECT "update", "for", t."delete", t.insert FROM "Order Lines" t WHERE "insert" IS NOT NULL AND t."nextval" > 0

--@ tricky-for-not-locking tricky READ
SELECT substring(code FROM 1 FOR 3) AS prefix, overlay(code PLACING 'X' FROM 2 FOR 1) AS masked FROM vouchers

--@ tricky-sqlcommenter tricky READ
/*action='show',application='shop',controller='orders',db_driver='r2dbc-postgresql',traceparent='00-5bd66ef5095369c7b0d1f8f4bd33716a-c532cb4098ac3dd2-01'*/ SELECT id, status, total_cents FROM orders WHERE id = $1

--@ tricky-unicode tricky READ
SELECT name, city FROM customers WHERE city = 'Zürich' AND note <> 'naïve — please DELETE me' AND name LIKE 'Łukasz%'
