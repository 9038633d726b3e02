-- The recorded KEK guards person_keys (docs/domain.md, "Personal data"). Before this, a process
-- still running with the old KEK after a rotation committed could store a new person's key
-- wrapped by the old KEK: person_keys then held keys of two KEKs, no KEK could start the
-- service, and no rotation could begin. Now person_kek also records the KEK's id, and a key of
-- any other KEK is refused as it is written; a rotation replaces the record before re-wrapping.

-- The recorded KEK's id (first 8 bytes of SHA-256 of it, hex, as person_keys.kek_id). Set when
-- a KEK is recorded or replaced; NULL in a database recorded before this migration until the
-- next start with the recorded KEK fills it (person_kek_establish below).
ALTER TABLE person_kek ADD COLUMN kek_id text CHECK (kek_id ~ '^[0-9a-f]{16}$');

-- Refuses a person key wrapped by a KEK other than the recorded one. SQLSTATE LLK01 (the
-- service maps it to "the keys were rotated; restart with the new KEK"); DETAIL holds the
-- recorded KEK id, which reveals nothing of the KEK. An erased row (kek_id NULL) passes. No row
-- lock is needed: a rotation takes person_keys in SHARE ROW EXCLUSIVE mode before it replaces
-- the record, so an insert either commits before the rotation reads the keys (and its key is
-- re-wrapped) or waits for the rotation's commit and then reads the new record here (each
-- statement of a VOLATILE function reads with a fresh snapshot under READ COMMITTED).
CREATE FUNCTION person_keys_of_recorded_kek() RETURNS trigger
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $fn$
DECLARE
    v_recorded text;
BEGIN
    IF NEW.kek_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT kek_id INTO v_recorded FROM person_kek;
    IF v_recorded IS NOT NULL AND NEW.kek_id <> v_recorded THEN
        RAISE EXCEPTION 'the key of person % is wrapped by KEK %, but this database records KEK %', NEW.person_id, NEW.kek_id, v_recorded
            USING ERRCODE = 'LLK01', DETAIL = v_recorded;
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER person_keys_of_recorded_kek BEFORE INSERT OR UPDATE OF kek_id ON person_keys
    FOR EACH ROW EXECUTE FUNCTION person_keys_of_recorded_kek();

-- The application no longer updates the record itself: a rotation replaces it through
-- person_kek_replace, which refuses to overwrite a KEK other than the one rotated from, and a
-- start fills kek_id through person_kek_establish. It still reads it and inserts the first one.
REVOKE UPDATE ON person_kek FROM labledger_app;

-- A start's record of its KEK: inserts it unless one is recorded, and answers the recorded
-- key-check value. FOR SHARE waits for a rotation in progress and reads its outcome, so a start
-- with the old KEK during a rotation is refused rather than passing on the value the rotation
-- is replacing. kek_id, when still NULL (recorded before this migration), is filled only for the
-- recorded KEK and only while every live key is wrapped by it. SECURITY DEFINER: FOR SHARE and
-- the fill need UPDATE on person_kek, which the application does not have.
CREATE FUNCTION person_kek_establish(p_check bytea, p_kek_id text) RETURNS bytea
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    v_check bytea;
    v_kek_id text;
BEGIN
    INSERT INTO person_kek (check_value, kek_id) VALUES (p_check, p_kek_id) ON CONFLICT (singleton) DO NOTHING;
    SELECT check_value, kek_id INTO v_check, v_kek_id FROM person_kek FOR SHARE;
    IF v_check = p_check AND v_kek_id IS NULL
        AND NOT EXISTS (SELECT FROM person_keys WHERE wrapped_key IS NOT NULL AND kek_id IS DISTINCT FROM p_kek_id) THEN
        UPDATE person_kek SET kek_id = p_kek_id WHERE kek_id IS NULL;
    END IF;
    RETURN v_check;
END
$fn$;

-- A rotation's replacement of the record, in its transaction, after it locked person_keys and
-- before it re-wraps them (the guard above then admits the new KEK's keys only). Replaces only a
-- record of p_from (or of p_to: a rotation repeated); any other is refused with SQLSTATE LLK02
-- and nothing changes, so no caller overwrites a KEK it did not rotate from. A database with no
-- record gets p_to's.
CREATE FUNCTION person_kek_replace(p_from bytea, p_to bytea, p_to_id text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    INSERT INTO person_kek (check_value, kek_id) VALUES (p_to, p_to_id)
    ON CONFLICT (singleton) DO UPDATE SET check_value = EXCLUDED.check_value, kek_id = EXCLUDED.kek_id, recorded_at = now()
    WHERE person_kek.check_value IN (p_from, p_to);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this database records another KEK than the one rotated from' USING ERRCODE = 'LLK02';
    END IF;
END
$fn$;

REVOKE ALL ON FUNCTION person_kek_establish(bytea, text), person_kek_replace(bytea, bytea, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_kek_establish(bytea, text), person_kek_replace(bytea, bytea, text) TO labledger_app;
