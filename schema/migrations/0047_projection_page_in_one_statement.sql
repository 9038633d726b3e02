-- A live page of a projection written in one statement: its rows and its checkpoint's move.
--
-- A worker wrote a page as BEGIN, projection_write_rows, the UPDATE of its checkpoint and
-- COMMIT: four round trips for the page's write, three of which carry no rows. On the two-core
-- bench machine under 1,000 appends/s those three took 2.5–4.9 ms of the medians (bench/README.md,
-- "A live page in one statement"). One statement is its own transaction, so the rows and the
-- move still commit together or not at all.
--
-- The rows are written by projection_write_rows (migration 0046), with the same arguments, and
-- then the checkpoint moves, only from where the worker last left it, as the worker's own
-- UPDATE did after the rows: the same lock order, and the checkpoint's row locked only at the
-- end. A projection that another worker moved (its lock lost) raises SQLSTATE LL001, which
-- rolls the rows back with the statement and which the worker reads as lost ownership, never
-- as events the database refused.
CREATE FUNCTION projection_write_page(
    p_name text, p_from_transaction xid8, p_from_position bigint, p_to_transaction xid8, p_to_position bigint,
    p_applied bigint, p_state text,
    p_tables text[], p_existing jsonb[], p_rows jsonb[], p_keys text[], p_gone jsonb[]
) RETURNS void
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $fn$
BEGIN
    PERFORM projection_write_rows(p_tables, p_existing, p_rows, p_keys, p_gone);
    UPDATE projections SET checkpoint_transaction = p_to_transaction, checkpoint_position = p_to_position,
           events_applied = events_applied + p_applied, state = p_state, updated_at = now()
    WHERE name = p_name AND checkpoint_transaction = p_from_transaction AND checkpoint_position = p_from_position;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'projection % was moved by another worker', p_name USING ERRCODE = 'LL001';
    END IF;
END
$fn$;

REVOKE ALL ON FUNCTION projection_write_page(text, xid8, bigint, xid8, bigint, bigint, text, text[], jsonb[], jsonb[], text[], jsonb[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION projection_write_page(text, xid8, bigint, xid8, bigint, bigint, text, text[], jsonb[], jsonb[], text[], jsonb[]) TO labledger_app;
