-- Run at start-up (spring.sql.init.mode=always) through the router: DDL is a write, so on the primary.

-- Which server is this? Its role and port as the server itself reports them: 'primary:25432', 'replica:25433'.
CREATE OR REPLACE FUNCTION server_label() RETURNS text LANGUAGE sql STABLE
    AS 'SELECT CASE WHEN pg_is_in_recovery() THEN ''replica'' ELSE ''primary'' END || '':'' || inet_server_port()';

CREATE TABLE IF NOT EXISTS item (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    -- the server that wrote the row last: only the primary can, and this records it
    written_on text NOT NULL DEFAULT server_label()
);
