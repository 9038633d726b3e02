-- Projection bookkeeping: one row per projection (checkpoint, version, state), the tables each
-- projection owns, and the events a projection could not apply (dead letters).
--
-- The worker runs as the application role. It writes read-model rows and these bookkeeping
-- rows; it never creates or drops tables itself. Rebuilds clone and swap tables through the
-- two SECURITY DEFINER functions below, which act only on tables a migration registered in
-- projection_tables, so the application role cannot use them to touch `events` or anything
-- else.

CREATE TABLE projections (
    name text PRIMARY KEY CHECK (name ~ '^[a-z_][a-z0-9_]{0,47}$'),
    -- The projector version that built the live tables.
    version integer NOT NULL CHECK (version >= 1),
    -- Where the live tables stand in the gap-safe order (Checkpoint: transaction, position).
    checkpoint_transaction xid8 NOT NULL DEFAULT '0',
    checkpoint_position bigint NOT NULL DEFAULT 0,
    events_applied bigint NOT NULL DEFAULT 0,
    -- Incremented by each swap; dead letters belong to the generation that parked them.
    generation integer NOT NULL DEFAULT 1,
    -- Written by the active worker. `standby` is derived (no session holds the lock).
    state text NOT NULL DEFAULT 'running'
        CHECK (state IN ('running', 'rebuilding', 'stalled', 'failed')),
    event_types text[] NOT NULL DEFAULT '{}',
    lock_key integer NOT NULL,
    worker text,
    last_error text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- A rebuild in progress: fresh tables named <table>__rebuild, filled from the start.
    rebuild_requested_at timestamptz,
    rebuild_reason text,
    rebuild_version integer,
    -- The generation the rebuilt tables become; fresh for every attempt.
    rebuild_generation integer,
    rebuild_checkpoint_transaction xid8,
    rebuild_checkpoint_position bigint,
    rebuild_events_applied bigint
);

CREATE TABLE projection_tables (
    projection text NOT NULL,
    table_name text NOT NULL CHECK (table_name ~ '^[a-z_][a-z0-9_]{0,47}$'),
    PRIMARY KEY (projection, table_name)
);

CREATE TABLE dead_letters (
    projection text NOT NULL,
    generation integer NOT NULL,
    global_position bigint NOT NULL,
    transaction_id xid8 NOT NULL,
    event_id uuid NOT NULL,
    stream_id text NOT NULL,
    stream_version integer NOT NULL,
    event_type text NOT NULL,
    error text NOT NULL,
    attempts integer NOT NULL,
    -- parked: waits for an operator; retry: the worker applies it again; skipped: an operator
    -- accepted the model without it; resolved: applied by a retry; superseded: a rebuild replaced
    -- the generation that parked it.
    status text NOT NULL DEFAULT 'parked'
        CHECK (status IN ('parked', 'retry', 'skipped', 'resolved', 'superseded')),
    parked_at timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    resolved_by text,
    PRIMARY KEY (projection, generation, global_position)
);
CREATE INDEX dead_letters_open ON dead_letters (projection, generation, stream_id, global_position)
    WHERE status IN ('parked', 'retry');

REVOKE ALL ON projections, projection_tables, dead_letters FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON projections TO labledger_app;
GRANT SELECT ON projection_tables TO labledger_app;
GRANT SELECT, INSERT, UPDATE ON dead_letters TO labledger_app;

-- Fresh, empty copies (<table>__rebuild) of every table of `p_projection`, with the same
-- columns, defaults, constraints and indexes.
CREATE FUNCTION projection_prepare_rebuild(p_projection text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    t text;
    i record;
BEGIN
    IF NOT EXISTS (SELECT FROM projection_tables WHERE projection = p_projection) THEN
        RAISE EXCEPTION 'projection % has no registered tables', p_projection USING ERRCODE = 'LLP01';
    END IF;
    FOR t IN SELECT table_name FROM projection_tables WHERE projection = p_projection ORDER BY table_name LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I', t || '__rebuild');
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING ALL)', t || '__rebuild', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO labledger_app', t || '__rebuild');
        -- LIKE names the copied indexes after the new table; name each after its original
        -- (matched by definition) plus __rebuild, so the swap gives the original names back.
        FOR i IN
            SELECT copy.relname AS copy_name, orig.relname AS orig_name
            FROM pg_index ci JOIN pg_class copy ON copy.oid = ci.indexrelid
            JOIN pg_index oi ON oi.indrelid = t::regclass
            JOIN pg_class orig ON orig.oid = oi.indexrelid
            WHERE ci.indrelid = (t || '__rebuild')::regclass
              AND substring(pg_get_indexdef(ci.indexrelid) FROM ' USING .*$') = substring(pg_get_indexdef(oi.indexrelid) FROM ' USING .*$')
              AND ci.indisunique = oi.indisunique AND ci.indisprimary = oi.indisprimary
        LOOP
            IF i.copy_name <> i.orig_name || '__rebuild' AND to_regclass(i.orig_name || '__rebuild') IS NULL THEN
                EXECUTE format('ALTER INDEX %I RENAME TO %I', i.copy_name, i.orig_name || '__rebuild');
            END IF;
        END LOOP;
    END LOOP;
END
$fn$;

-- Swaps the rebuilt copies in for the live tables, in the caller's transaction: readers see
-- the old tables until it commits and the new ones after, never a mix.
CREATE FUNCTION projection_swap_rebuild(p_projection text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    t text;
    i record;
BEGIN
    FOR t IN SELECT table_name FROM projection_tables WHERE projection = p_projection ORDER BY table_name LOOP
        IF to_regclass(t || '__rebuild') IS NULL THEN
            RAISE EXCEPTION 'no rebuilt copy of % to swap in', t USING ERRCODE = 'LLP02';
        END IF;
        EXECUTE format('DROP TABLE %I', t);
        EXECUTE format('ALTER TABLE %I RENAME TO %I', t || '__rebuild', t);
        -- Give the copied indexes and constraints their plain names back.
        FOR i IN SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
                 WHERE x.indrelid = t::regclass AND c.relname LIKE '%\_\_rebuild%' LOOP
            EXECUTE format('ALTER INDEX %I RENAME TO %I', i.relname, replace(i.relname, '__rebuild', ''));
        END LOOP;
    END LOOP;
END
$fn$;

-- Drops unfinished rebuild copies (a rebuild that was cancelled).
CREATE FUNCTION projection_discard_rebuild(p_projection text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT table_name FROM projection_tables WHERE projection = p_projection LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I', t || '__rebuild');
    END LOOP;
END
$fn$;

-- Replaces the rows of the streams in p_existing in each of p_tables, then inserts p_rows[i]
-- (a JSON array of rows whose keys are column names) into p_tables[i]: one round trip for a
-- whole page instead of two statements per table. It runs with the caller's rights, so it
-- can only touch tables the caller may write anyway.
CREATE FUNCTION projection_write(p_tables text[], p_existing text[], p_rows jsonb[]) RETURNS void
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $fn$
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_tables, 1), 0) LOOP
        IF coalesce(array_length(p_existing, 1), 0) > 0 THEN
            EXECUTE format('DELETE FROM %I WHERE stream_id = ANY($1)', p_tables[i]) USING p_existing;
        END IF;
        IF jsonb_array_length(p_rows[i]) > 0 THEN
            EXECUTE format('INSERT INTO %1$I SELECT * FROM jsonb_populate_recordset(NULL::%1$I, $1)', p_tables[i])
                USING p_rows[i];
        END IF;
    END LOOP;
END
$fn$;

REVOKE ALL ON FUNCTION projection_write(text[], text[], jsonb[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION projection_write(text[], text[], jsonb[]) TO labledger_app;

REVOKE ALL ON FUNCTION projection_prepare_rebuild(text), projection_swap_rebuild(text), projection_discard_rebuild(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION projection_prepare_rebuild(text), projection_swap_rebuild(text), projection_discard_rebuild(text)
    TO labledger_app;
