-- The erasure epoch (docs/domain.md, "Personal data"; Sources/LabLedgerPrivacy/SealingKeys.swift).
-- A process remembers the data keys it has seen committed, so that an append of a returning
-- person's details seals without a round trip. An erasure in another process cannot reach that
-- memory, so every erasure moves this counter in its own transaction, and an append sealed
-- from remembered keys names the epoch they were read at: its one statement stores the events
-- only while the epoch is unchanged (one probe of this one-row table). After any erasure, each
-- process's next such append stores nothing, drops every key it remembers, and seals again in
-- a transaction that reads the keys afresh: an erased person's details are refused everywhere,
-- and the destroyed key leaves every process's memory at that process's next sealed append.
CREATE TABLE protection_epoch (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch     bigint NOT NULL CHECK (epoch >= 0)
);
INSERT INTO protection_epoch (singleton, epoch) VALUES (true, 0);

-- Moves the epoch when a key is destroyed (wrapped_key becomes NULL). A rotation's re-wrap
-- (wrapped_key stays set) does not: the data keys are the same, and remembered ones stay good.
-- SECURITY DEFINER: the application reads the epoch but never writes it itself.
CREATE FUNCTION protection_epoch_move() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
    UPDATE protection_epoch SET epoch = epoch + 1;
    RETURN NULL;
END
$fn$;
REVOKE ALL ON FUNCTION protection_epoch_move() FROM PUBLIC;

CREATE TRIGGER person_keys_erasure_moves_epoch AFTER UPDATE OF wrapped_key ON person_keys
    FOR EACH ROW WHEN (OLD.wrapped_key IS NOT NULL AND NEW.wrapped_key IS NULL)
    EXECUTE FUNCTION protection_epoch_move();

REVOKE ALL ON protection_epoch FROM PUBLIC;
GRANT SELECT ON protection_epoch TO labledger_app;
