-- Read-your-writes without a poll period (docs/architecture.md, "Read your writes"): every move
-- of a projection's live checkpoint announces itself on `labledger_checkpoints`, from inside the
-- transaction that moves it, so the notice is delivered exactly when the read-model rows it
-- covers become visible (NOTIFY is sent at commit, and never for a rollback). A trigger rather
-- than the worker's own statement, so that every path that moves a checkpoint announces it:
-- a page's compare-and-set, an idle save, and a rebuild's swap.
--
-- The payload is `<name> <transaction>.<position>` (CheckpointNotice in LabLedgerProjections).
-- The projections row changes at most once per page, and projection workers are few, so the
-- database-wide lock NOTIFY takes at commit costs little here (unlike on the append path,
-- where appends notify after commit from their own transaction for that reason).

CREATE FUNCTION projection_checkpoint_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('labledger_checkpoints',
        NEW.name || ' ' || NEW.checkpoint_transaction::text || '.' || NEW.checkpoint_position::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER projections_checkpoint_notify
AFTER UPDATE OF checkpoint_transaction, checkpoint_position ON projections
FOR EACH ROW
WHEN (OLD.checkpoint_transaction IS DISTINCT FROM NEW.checkpoint_transaction
      OR OLD.checkpoint_position IS DISTINCT FROM NEW.checkpoint_position)
EXECUTE FUNCTION projection_checkpoint_notify();
