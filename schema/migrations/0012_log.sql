-- The transparency log over the gap-safe global order (docs/audit.md): every event gets a
-- dense 0-based log index; the RFC 9162 Merkle tree over the events' leaves is kept as its
-- complete subtrees, so any proof is answered from O(log n) rows; signed checkpoints commit to
-- the tree. Only the sequencer writes here (one per database, under an advisory lock).

-- Which event each log index is. The leaf itself is the level-0 subtree of the same index.
CREATE TABLE log_entries (
    log_index       bigint PRIMARY KEY CHECK (log_index >= 0),
    global_position bigint NOT NULL UNIQUE REFERENCES events (global_position)
);

-- Every complete subtree: the 2^level leaves from index * 2^level. Level 0 holds the leaf
-- hashes, SHA-256(0x00 || event hash || recorded_at), higher levels the interior nodes.
CREATE TABLE log_subtrees (
    level    smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
    position bigint   NOT NULL CHECK (position >= 0),
    hash     bytea    NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, position)
);

-- How far the sequencer got: the tree size and the gap-safe checkpoint of its last leaf.
CREATE TABLE log_head (
    singleton              boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    tree_size              bigint NOT NULL CHECK (tree_size >= 0),
    checkpoint_transaction xid8   NOT NULL,
    checkpoint_position    bigint NOT NULL,
    updated_at             timestamptz NOT NULL DEFAULT now()
);
INSERT INTO log_head (tree_size, checkpoint_transaction, checkpoint_position) VALUES (0, '0', 0);

-- Every signed checkpoint, kept: an auditor may hold any of them.
CREATE TABLE log_checkpoints (
    tree_size  bigint PRIMARY KEY CHECK (tree_size >= 1),
    root_hash  bytea NOT NULL CHECK (octet_length(root_hash) = 32),
    -- The C2SP signed note, exactly as served.
    note       text NOT NULL,
    signed_at  timestamptz NOT NULL DEFAULT now()
);

-- Append-only like the events: a log entry, a subtree or a checkpoint is never changed.
CREATE FUNCTION log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'LLA01';
END
$$;
CREATE TRIGGER log_entries_no_update_or_delete
    BEFORE UPDATE OR DELETE ON log_entries FOR EACH STATEMENT EXECUTE FUNCTION log_reject_change();
CREATE TRIGGER log_entries_no_truncate
    BEFORE TRUNCATE ON log_entries FOR EACH STATEMENT EXECUTE FUNCTION log_reject_change();
CREATE TRIGGER log_subtrees_no_update_or_delete
    BEFORE UPDATE OR DELETE ON log_subtrees FOR EACH STATEMENT EXECUTE FUNCTION log_reject_change();
CREATE TRIGGER log_subtrees_no_truncate
    BEFORE TRUNCATE ON log_subtrees FOR EACH STATEMENT EXECUTE FUNCTION log_reject_change();
CREATE TRIGGER log_checkpoints_no_update_or_delete
    BEFORE UPDATE OR DELETE ON log_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION log_reject_change();
CREATE TRIGGER log_checkpoints_no_truncate
    BEFORE TRUNCATE ON log_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION log_reject_change();

REVOKE ALL ON log_entries, log_subtrees, log_head, log_checkpoints FROM PUBLIC;
GRANT SELECT, INSERT ON log_entries, log_subtrees, log_checkpoints TO labledger_app;
GRANT SELECT, UPDATE (tree_size, checkpoint_transaction, checkpoint_position, updated_at) ON log_head TO labledger_app;
