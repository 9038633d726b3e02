-- Web console sessions (issue 17). Numbered 0026: the branch `erasure-fix` adds 0023–0025.
--
-- A row per signed-in browser. The cookie carries a random token; only its SHA-256 is stored,
-- so a leaked table signs nobody in. The session acts as its API key: a key revoked after
-- sign-in ends its sessions at the next request (the console joins api_keys on every request),
-- and deleting a key's row would take its sessions along. Kept in PostgreSQL rather than in
-- process memory so that every API replica behind the proxy (deploy/) knows every session.
CREATE TABLE console_sessions (
    token_hash   bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    key_id       text NOT NULL REFERENCES api_keys (key_id) ON DELETE CASCADE,
    -- The per-session CSRF token every console form carries back (compared in constant time).
    csrf_token   text NOT NULL CHECK (length(csrf_token) BETWEEN 32 AND 128),
    -- Absolute expiry: a request after created_at + the console's maximum session age finds no session.
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Idle expiry: a request after last_seen_at + the console's idle timeout finds no session.
    last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_sessions_last_seen ON console_sessions (last_seen_at);

GRANT SELECT, INSERT, DELETE ON console_sessions TO labledger_app;
GRANT UPDATE (last_seen_at) ON console_sessions TO labledger_app;
