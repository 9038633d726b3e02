-- The event store: one append-only table. See docs/event-store.md for the rules it keeps.

-- Canonical hash bytes are UTF-8; a database in another encoding would hash other bytes.
DO $$
BEGIN
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
    -- Set by the insert trigger whatever the client sends: gap-safe reading trusts it.
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    hash            bytea       NOT NULL,
    UNIQUE (stream_id, stream_version)
);

-- The gap-safe reading order of readAll and the projections.
CREATE INDEX events_transaction_order ON events (transaction_id, global_position);

-- The bytes each event's hash covers: its fields as text, each prefixed with its length in
-- bytes, so that no two different events share canonical bytes. jsonb's text form is
-- deterministic, and times are integer microseconds since the epoch so that the session's
-- TimeZone cannot change them. EventStore/HashChain.swift computes the same bytes on its own
-- for `verify`.
CREATE FUNCTION events_field(f text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN octet_length(f)::text || ':' || f;

CREATE FUNCTION events_canonical_bytes(
    p_global_position bigint, p_stream_id text, p_stream_version int, p_event_id uuid,
    p_event_type text, p_schema_version int, p_data jsonb, p_metadata jsonb,
    p_occurred_at timestamptz, p_recorded_at timestamptz, p_transaction_id xid8
) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN convert_to(
    events_field(p_global_position::text)
    || events_field(p_stream_id)
    || events_field(p_stream_version::text)
    || events_field(p_event_id::text)
    || events_field(p_event_type)
    || events_field(p_schema_version::text)
    || events_field(p_data::text)
    || events_field(p_metadata::text)
    || events_field(floor(extract(epoch FROM p_occurred_at) * 1000000)::bigint::text)
    || events_field(floor(extract(epoch FROM p_recorded_at) * 1000000)::bigint::text)
    || events_field(p_transaction_id::text),
    'UTF8');

-- Stamps what the database, not the client, must decide, and links the event into its
-- stream's hash chain. Versions are contiguous: an event whose predecessor is missing is refused.
CREATE FUNCTION events_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    previous bytea;
BEGIN
    NEW.transaction_id := pg_current_xact_id();
    NEW.recorded_at := now();
    IF NEW.stream_version = 1 THEN
        previous := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    ELSE
        SELECT e.hash INTO previous
        FROM events e
        WHERE e.stream_id = NEW.stream_id AND e.stream_version = NEW.stream_version - 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'stream % has no version %, so version % cannot follow it',
                NEW.stream_id, NEW.stream_version - 1, NEW.stream_version
                USING ERRCODE = 'LLV01';
        END IF;
    END IF;
    NEW.hash := sha256(previous || events_canonical_bytes(
        NEW.global_position, NEW.stream_id, NEW.stream_version, NEW.event_id, NEW.event_type,
        NEW.schema_version, NEW.data, NEW.metadata, NEW.occurred_at, NEW.recorded_at,
        NEW.transaction_id));
    RETURN NEW;
END
$$;

CREATE TRIGGER events_stamp_and_chain
    BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_before_insert();

-- Append-only, for every role including the owner: privileges alone would not stop the owner.
CREATE FUNCTION events_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events is append-only: % is not allowed; correct a fact with a later event', TG_OP
        USING ERRCODE = 'LLA01';
END
$$;

CREATE TRIGGER events_no_update_or_delete
    BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_reject_change();

CREATE TRIGGER events_no_truncate
    BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_reject_change();

REVOKE ALL ON events FROM PUBLIC;
GRANT SELECT, INSERT ON events TO labledger_app;
