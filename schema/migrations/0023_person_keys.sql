-- Per-person data keys (docs/domain.md, "Personal data"). Every event's `person` part is
-- sealed with its person's own AES-256-GCM key; the key is stored here only wrapped by a
-- key-encryption key (KEK) that lives outside the database, so a copy of the database alone
-- opens nothing. Erasing a person destroys the wrapped key (wrapped_key becomes NULL): the
-- events stay byte for byte what their hashes cover, and the sealed parts can no longer be read.
CREATE TABLE person_keys (
    person_id   text PRIMARY KEY CHECK (person_id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    -- AES-GCM (nonce ‖ ciphertext ‖ tag) of the 32-byte data key under the KEK, with the
    -- person id as authenticated data: a key moved to another person's row does not open.
    wrapped_key bytea CHECK (wrapped_key IS NULL OR octet_length(wrapped_key) = 60),
    -- Which KEK wrapped it (first 8 bytes of SHA-256 of the KEK, hex): rotation finds the rest.
    kek_id      text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    erased_on   date,
    erased_at   timestamptz,
    CHECK ((wrapped_key IS NULL) = (erased_on IS NOT NULL)),
    CHECK ((wrapped_key IS NULL) = (kek_id IS NULL))
);

-- A destroyed key never comes back: an erased row is final.
CREATE FUNCTION person_keys_stay_erased() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $fn$
BEGIN
    IF OLD.erased_on IS NOT NULL THEN
        RAISE EXCEPTION 'the key of person % was destroyed on %; it cannot be restored', OLD.person_id, OLD.erased_on
            USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END
$fn$;

CREATE TRIGGER person_keys_stay_erased BEFORE UPDATE ON person_keys
    FOR EACH ROW EXECUTE FUNCTION person_keys_stay_erased();

REVOKE ALL ON person_keys FROM PUBLIC;
-- The service creates keys, erases them and rewraps them (KEK rotation); it never deletes a
-- row, so an erased person stays known as erased.
GRANT SELECT, INSERT, UPDATE (wrapped_key, kek_id, erased_on, erased_at) ON person_keys TO labledger_app;

-- A KEK rotation's first statement: keeps keys from being stored while it re-wraps them, so
-- none arrives wrapped by the old KEK meanwhile (a sealing transaction that stored one commits
-- first and its key is re-wrapped; one after this waits for the rotation's commit). SHARE ROW
-- EXCLUSIVE conflicts with the ROW EXCLUSIVE lock an INSERT takes. SECURITY DEFINER: LOCK TABLE
-- in this mode needs UPDATE on the whole table, and the application may update four columns only.
CREATE FUNCTION person_keys_lock_for_rotation() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    LOCK TABLE person_keys IN SHARE ROW EXCLUSIVE MODE;
END
$fn$;
REVOKE ALL ON FUNCTION person_keys_lock_for_rotation() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION person_keys_lock_for_rotation() TO labledger_app;
