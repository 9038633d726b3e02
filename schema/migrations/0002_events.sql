-- The event store: one append-only table. See docs/event-store.md for the rules it keeps.

-- Hashes cover jsonb's text in UTF-8; a database in another encoding would print other bytes.
-- PostgreSQL 14 made extract(epoch …) exact (numeric): before it, read-back microseconds could
-- differ from the hashed ones. xid8 and pg_current_snapshot() need 13.
DO $$
BEGIN
    IF current_setting('server_version_num')::int < 140000 THEN
        RAISE EXCEPTION 'LabLedger needs PostgreSQL 14 or later (15 recommended), this is %', current_setting('server_version');
    END IF;
    IF current_setting('server_encoding') <> 'UTF8' THEN
        RAISE EXCEPTION 'LabLedger needs a UTF8 database, this one is %', current_setting('server_encoding');
    END IF;
END
$$;

CREATE TABLE events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id       text        NOT NULL CHECK (char_length(stream_id) BETWEEN 1 AND 200),
    stream_version  int         NOT NULL CHECK (stream_version >= 1),
    event_id        uuid        NOT NULL UNIQUE,
    event_type      text        NOT NULL CHECK (char_length(event_type) BETWEEN 1 AND 200),
    schema_version  int         NOT NULL DEFAULT 1 CHECK (schema_version >= 1),
    data            jsonb       NOT NULL CHECK (jsonb_typeof(data) = 'object'),
    metadata        jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    occurred_at     timestamptz NOT NULL DEFAULT now(),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    -- Gap-safe reading trusts this; the application role may not set it (see the grants).
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    -- SHA-256(previous hash in the stream || canonical bytes), computed by the store before the
    -- insert (Sources/EventStore/Integrity/HashChain.swift) and recomputed by `verify`.
    hash            bytea       NOT NULL CHECK (octet_length(hash) = 32),
    UNIQUE (stream_id, stream_version)
);

-- The gap-safe reading order of readAll and the projections.
CREATE INDEX events_transaction_order ON events (transaction_id, global_position);

-- Append-only, for every role including the owner: privileges alone would not stop the owner.
CREATE FUNCTION events_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events is append-only: % is not allowed; correct a fact with a later event', TG_OP
        USING ERRCODE = 'LLA01';
END
$$;

-- Statement-level, so even a change that matches no row is refused.
CREATE TRIGGER events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();

CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();

REVOKE ALL ON events FROM PUBLIC;
-- Column-level INSERT: position, transaction id and recorded-at always come from the database.
GRANT SELECT ON events TO labledger_app;
GRANT INSERT (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
    ON events TO labledger_app;
