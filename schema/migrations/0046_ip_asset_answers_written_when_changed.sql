-- An IP asset's stored answers (ip_asset_views) are written only when their bytes change.
--
-- Every touch of an asset rendered and wrote again each of its stored answers (the keepers', the
-- outsiders' and one per party with a part in the asset and no share), each carrying every
-- licence, and under load the ip_assets worker held the lag's tail (bench/README.md, "Lag under
-- load"). Most of those answers were the same as before but for `version`, the stream's version,
-- which every event moves. So:
--
-- * `answer` is the answer without `version`; the queries add it from ip_assets.stream_version,
--   written in the same transaction. An answer that did not change is then the same bytes, and
--   a royalty report rewrites the keepers' answer and its licensee's, not every party's.
-- * projection_write_rows lets a replaced table be written row by row: the runner remembers a
--   digest of each row it wrote (by the table's key) and sends only the rows that changed and
--   the keys of the rows that went away; a stream it holds no digests for is replaced whole, as
--   before (Sources/LabLedgerProjections/Framework/StreamProjector.swift).
--
-- Rolling upgrade: `body` (the answer with `version`, as older workers write it) becomes
-- nullable and a row holds exactly one of the two. Newer API servers read `answer` and fall back
-- to `body`, so they serve rows older workers wrote; a newer worker replaces an asset's rows
-- whole the first time it touches the asset. API servers go first (deploy/README.md), so no
-- older API server reads a row without `body`.
ALTER TABLE ip_asset_views ALTER COLUMN body DROP NOT NULL;
ALTER TABLE ip_asset_views ADD COLUMN answer jsonb;
-- The queries splice `"version": N, ` after the answer's opening brace, which needs a member
-- after it (every answer names its asset) and no `version` of the answer's own.
ALTER TABLE ip_asset_views ADD CONSTRAINT ip_asset_views_answer_object
    CHECK (jsonb_typeof(answer) = 'object' AND answer ? 'asset' AND NOT answer ? 'version');
ALTER TABLE ip_asset_views ADD CONSTRAINT ip_asset_views_one_answer CHECK (num_nonnulls(body, answer) = 1);

-- A rebuild in progress fills ip_asset_views__rebuild, a copy made with LIKE ... INCLUDING ALL
-- before this migration: it is altered the same way, or it would refuse the rows without bodies.
DO $$
BEGIN
    IF to_regclass('ip_asset_views__rebuild') IS NOT NULL THEN
        ALTER TABLE ip_asset_views__rebuild ALTER COLUMN body DROP NOT NULL;
        ALTER TABLE ip_asset_views__rebuild ADD COLUMN answer jsonb;
        ALTER TABLE ip_asset_views__rebuild ADD CONSTRAINT ip_asset_views_answer_object
            CHECK (jsonb_typeof(answer) = 'object' AND answer ? 'asset' AND NOT answer ? 'version');
        ALTER TABLE ip_asset_views__rebuild ADD CONSTRAINT ip_asset_views_one_answer CHECK (num_nonnulls(body, answer) = 1);
    END IF;
END $$;

-- As projection_write_keyed (migration 0016), with what is deleted given per table. For each
-- table i, in order: its rows of the streams in p_existing[i] (a JSON array of stream ids) are
-- deleted; when p_keys[i] names key columns ('col1,col2'), so are its rows whose key matches an
-- object of p_gone[i] (a JSON array of objects of those columns: the keys of the rows p_rows[i]
-- replaces and of the rows that went away); then p_rows[i] is inserted. A replaced table gets
-- its streams in p_existing[i] and no key; a keyed table a key and the keys of its rows; a
-- replaced table written row by row both: the streams it replaces whole, and the keys of the
-- rows that changed or went away. The keys come apart from the rows so that a delete does not
-- turn every row sent (an IP asset's answer is kilobytes) into a record to find its key.
-- projection_write_keyed stays for workers of the release before.
CREATE FUNCTION projection_write_rows(p_tables text[], p_existing jsonb[], p_rows jsonb[], p_keys text[], p_gone jsonb[]) RETURNS void
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $fn$
DECLARE
    v_streams text[];
    v_match text;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_tables, 1), 0) LOOP
        IF jsonb_array_length(p_existing[i]) > 0 THEN
            v_streams := ARRAY(SELECT jsonb_array_elements_text(p_existing[i]));
            EXECUTE format('DELETE FROM %I WHERE stream_id = ANY($1)', p_tables[i]) USING v_streams;
        END IF;
        IF coalesce(p_keys[i], '') <> '' AND jsonb_array_length(p_gone[i]) > 0 THEN
            SELECT string_agg(format('t.%1$I = r.%1$I', c), ' AND ') INTO v_match
            FROM unnest(string_to_array(p_keys[i], ',')) AS c;
            -- LIMIT with the true count, for the planner (see projection_write_keyed).
            EXECUTE format('DELETE FROM %1$I t USING (SELECT * FROM jsonb_populate_recordset(NULL::%1$I, $1) LIMIT %3$s) r WHERE %2$s',
                p_tables[i], v_match, jsonb_array_length(p_gone[i])) USING p_gone[i];
        END IF;
        IF jsonb_array_length(p_rows[i]) > 0 THEN
            EXECUTE format('INSERT INTO %1$I SELECT * FROM jsonb_populate_recordset(NULL::%1$I, $1)', p_tables[i])
                USING p_rows[i];
        END IF;
    END LOOP;
END
$fn$;

REVOKE ALL ON FUNCTION projection_write_rows(text[], jsonb[], jsonb[], text[], jsonb[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION projection_write_rows(text[], jsonb[], jsonb[], text[], jsonb[]) TO labledger_app;
