-- The API's own state: who may call it, and the first answer of every command sent with an
-- Idempotency-Key. Neither is history: keys are credentials (revocable), idempotency records
-- are a cache of answers; the events table stays the only record of what happened.

-- A key is `llk_<key_id>_<secret>`; only SHA-256 of the whole key is stored. The secret has
-- 256 bits of entropy, so a plain hash is as strong as a slow one would be and costs a
-- microsecond per request instead of tens of milliseconds.
CREATE TABLE api_keys (
    key_id      text PRIMARY KEY,
    key_hash    bytea NOT NULL CHECK (octet_length(key_hash) = 32),
    role        text NOT NULL CHECK (role IN ('admin', 'operator', 'university', 'company', 'auditor')),
    -- University and company keys act for exactly one party; the others for none.
    party       text CHECK ((role IN ('university', 'company')) = (party IS NOT NULL)),
    label       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- One row per (API key, Idempotency-Key): the request's fingerprint (SHA-256 of method, path
-- and body) and the answer it got. Written in the same transaction as the command's events, so
-- an answer is stored exactly when its events are.
CREATE TABLE api_idempotency (
    key_id      text NOT NULL,
    idempotency_key text NOT NULL,
    fingerprint bytea NOT NULL,
    status      int NOT NULL,
    response    jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (key_id, idempotency_key)
);

GRANT SELECT, INSERT ON api_keys TO labledger_app;
GRANT UPDATE (revoked_at, label) ON api_keys TO labledger_app;
GRANT SELECT, INSERT ON api_idempotency TO labledger_app;
-- /ready compares the applied migrations with the ones the binary carries.
GRANT SELECT ON schema_migrations TO labledger_app;
