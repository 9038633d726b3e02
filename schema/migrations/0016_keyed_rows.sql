-- Keyed read-model tables: rows written as the facts they record happen, inserted or replaced
-- by primary key, never deleted and re-inserted per stream. A stream's replaced tables (its
-- summary rows) are still rewritten whole from its document, which stays small; a keyed
-- table (a commitment's disbursements) grows by one row per fact, so the work per event no
-- longer depends on how long the stream is. Sources/LabLedgerProjections/Framework/StreamProjector.swift.

-- As projection_write, but a table with key columns (p_keys[i] = 'col1,col2', '' for a
-- replaced table) is written by key: its rows in p_rows[i] replace the rows with the same
-- key, and no row of it is deleted by stream. Names come from the projection's declaration,
-- checked against [a-z_][a-z0-9_]* before a worker runs it, and are quoted here anyway.
CREATE FUNCTION projection_write_keyed(p_tables text[], p_existing text[], p_rows jsonb[], p_keys text[]) RETURNS void
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $fn$
DECLARE
    v_match text;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_tables, 1), 0) LOOP
        IF coalesce(p_keys[i], '') = '' THEN
            IF coalesce(array_length(p_existing, 1), 0) > 0 THEN
                EXECUTE format('DELETE FROM %I WHERE stream_id = ANY($1)', p_tables[i]) USING p_existing;
            END IF;
        ELSIF jsonb_array_length(p_rows[i]) > 0 THEN
            SELECT string_agg(format('t.%1$I = r.%1$I', c), ' AND ') INTO v_match
            FROM unnest(string_to_array(p_keys[i], ',')) AS c;
            -- LIMIT with the true count: jsonb_populate_recordset is estimated at 100 rows,
            -- for which the planner hashes a seq scan of the whole table (a commitment's every
            -- disbursement per new one); with the count it looks a page's few keys up by index.
            EXECUTE format('DELETE FROM %1$I t USING (SELECT * FROM jsonb_populate_recordset(NULL::%1$I, $1) LIMIT %3$s) r WHERE %2$s',
                p_tables[i], v_match, jsonb_array_length(p_rows[i])) USING p_rows[i];
        END IF;
        IF jsonb_array_length(p_rows[i]) > 0 THEN
            EXECUTE format('INSERT INTO %1$I SELECT * FROM jsonb_populate_recordset(NULL::%1$I, $1)', p_tables[i])
                USING p_rows[i];
        END IF;
    END LOOP;
END
$fn$;

-- The rows of keyed table p_table whose key columns (p_columns) match one of p_keys (JSON
-- objects of those columns), each with its key as text in column order: what a page's
-- events need to see before they fold (the disbursement a reversal reverses).
CREATE FUNCTION projection_lookup(p_table text, p_columns text[], p_keys jsonb) RETURNS TABLE (key text[], row_json text)
    LANGUAGE plpgsql STABLE SECURITY INVOKER SET search_path = public, pg_temp AS $fn$
DECLARE
    v_key text;
    v_match text;
BEGIN
    SELECT 'ARRAY[' || string_agg(format('t.%I::text', c), ', ') || ']', string_agg(format('t.%1$I = r.%1$I', c), ' AND ')
    INTO v_key, v_match
    FROM unnest(p_columns) AS c;
    -- LIMIT with the true count, for the planner (see projection_write_keyed).
    RETURN QUERY EXECUTE format(
        'SELECT %2$s, to_jsonb(t)::text FROM %1$I t JOIN (SELECT * FROM jsonb_populate_recordset(NULL::%1$I, $1) LIMIT %4$s) r ON %3$s',
        p_table, v_key, v_match, jsonb_array_length(p_keys)) USING p_keys;
END
$fn$;

-- Replaced by projection_write_keyed, which writes a projection without keyed tables the same way.
DROP FUNCTION projection_write(text[], text[], jsonb[]);

REVOKE ALL ON FUNCTION projection_write_keyed(text[], text[], jsonb[], text[]), projection_lookup(text, text[], jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION projection_write_keyed(text[], text[], jsonb[], text[]), projection_lookup(text, text[], jsonb) TO labledger_app;
