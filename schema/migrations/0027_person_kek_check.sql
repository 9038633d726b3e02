-- Which key-encryption key (KEK) this database's person keys belong to (docs/domain.md,
-- "Personal data"). One row: a key-check value, HMAC-SHA-256 of a fixed label under the KEK.
-- It tells a wrong or newly made KEK apart before anything is written, also while no person
-- key exists yet (two processes given different KEK files would otherwise each make their
-- own); it reveals nothing of the KEK. The first process to start with a KEK records it; a
-- KEK rotation replaces it in the transaction that re-wraps the keys.
CREATE TABLE person_kek (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    check_value bytea NOT NULL CHECK (octet_length(check_value) = 32),
    recorded_at timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON person_kek FROM PUBLIC;
-- The service records the first KEK and a rotation replaces it; no row is ever deleted.
GRANT SELECT, INSERT, UPDATE (check_value, recorded_at) ON person_kek TO labledger_app;
