-- How far a projection is behind, for its status (ProjectionStatus.all: `labledger status`, the
-- API's status, the benches' waits), in a function that plans without JIT.
--
-- Inline in the status query, the count of events after each projection's checkpoint made
-- PostgreSQL estimate the whole query above jit_above_cost (the planner expects a third of the
-- events after an unknown checkpoint, for each of the 100 or so rows it assumes an unanalysed
-- `projections` has), so every status query compiled itself with inlining and optimisation:
-- 340 ms of JIT for a query that ran in under 1 ms over a 100,000-event store, and 0.5-3 s per
-- call while seven workers rebuilt, which the projection bench polls every 50 ms (EXPLAIN
-- ANALYZE and auto_explain, 2026-12-05). The estimate grows with the events table, so the cost
-- grew with the history. A function with a SET clause is never inlined: it plans on its own,
-- with jit off. ROWS 1: it always answers one row, and without it the planner would expect
-- the default 1,000 per projection and cost the status query around it past jit_above_cost.
-- STABLE, though clock_timestamp() is volatile: it reads in the caller's snapshot, as the
-- inline subquery did.
CREATE FUNCTION projection_lag(p_types text[], p_transaction xid8, p_position bigint)
    RETURNS TABLE (events bigint, seconds float8)
    LANGUAGE sql STABLE SECURITY INVOKER ROWS 1 SET jit = off SET search_path = public, pg_temp AS $fn$
    SELECT count(*), coalesce(extract(epoch FROM clock_timestamp() - min(e.recorded_at)), 0)::float8
    FROM events e
    WHERE (e.transaction_id, e.global_position) > (p_transaction, p_position)
      AND e.event_type = ANY(p_types)
$fn$;

REVOKE ALL ON FUNCTION projection_lag(text[], xid8, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION projection_lag(text[], xid8, bigint) TO labledger_app;
