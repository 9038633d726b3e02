-- Erasing a person from the read models (docs/domain.md, "Erasure"). Their events read as
-- erased once their key is destroyed (0023), so a rebuild writes no people rows for them and
-- documents holding {"erased": true, "erasedOn": …}; these functions make the live tables say
-- the same at once, without a rebuild, and keep them so.

-- The document with the personal data of p_person erased: in every object that names the
-- person by id (as any of its values), each object with a "name" (their personal data) becomes
-- {"erased": true, "erasedOn": p_day} and "orcid" goes, as a rebuild from the events writes it.
CREATE FUNCTION erase_person_in_document(p_doc jsonb, p_person text, p_day date) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp AS $fn$
DECLARE
    v_result jsonb := '{}';
    v_names_person boolean;
    v_key text;
    v_value jsonb;
BEGIN
    IF jsonb_typeof(p_doc) = 'array' THEN
        SELECT coalesce(jsonb_agg(erase_person_in_document(e, p_person, p_day) ORDER BY i), '[]')
        INTO v_result FROM jsonb_array_elements(p_doc) WITH ORDINALITY AS t(e, i);
        RETURN v_result;
    ELSIF jsonb_typeof(p_doc) IS DISTINCT FROM 'object' THEN
        RETURN p_doc;
    END IF;
    v_names_person := EXISTS (SELECT FROM jsonb_each(p_doc) WHERE value = to_jsonb(p_person));
    FOR v_key, v_value IN SELECT key, value FROM jsonb_each(p_doc) LOOP
        IF v_names_person AND v_key = 'orcid' THEN
            CONTINUE;
        ELSIF v_names_person AND jsonb_typeof(v_value) = 'object' AND v_value ? 'name' THEN
            v_result := v_result || jsonb_build_object(v_key, jsonb_build_object('erased', true, 'erasedOn', p_day::text));
        ELSE
            v_result := v_result || jsonb_build_object(v_key, erase_person_in_document(v_value, p_person, p_day));
        END IF;
    END LOOP;
    RETURN v_result;
END
$fn$;

-- Purges p_person from every read model that holds personal data: their rows in the people
-- tables go, and the documents of the streams those rows came from are rewritten erased.
-- A rebuild in progress is purged too: its fresh tables (<table>__rebuild, filled from events
-- read before the erasure) would otherwise be swapped in with the person's details in them.
-- Idempotent: a second call finds nothing left.
CREATE FUNCTION erase_person_from_read_models(p_person text, p_day date) RETURNS void
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $fn$
DECLARE
    v_pair record;
    v_suffix text;
BEGIN
    FOR v_pair IN SELECT * FROM (VALUES
        ('directory_people', 'directory_documents'),
        ('placement_people', 'placements_documents'),
        ('round_people', 'rounds_documents')) AS t(people, documents)
    LOOP
        FOREACH v_suffix IN ARRAY ARRAY['', '__rebuild'] LOOP
            CONTINUE WHEN to_regclass(v_pair.people || v_suffix) IS NULL OR to_regclass(v_pair.documents || v_suffix) IS NULL;
            EXECUTE format(
                'WITH gone AS (DELETE FROM %I WHERE person_id = $1 RETURNING stream_id) '
                'UPDATE %I SET doc = erase_person_in_document(doc, $1, $2) WHERE stream_id IN (SELECT stream_id FROM gone)',
                v_pair.people || v_suffix, v_pair.documents || v_suffix)
            USING p_person, p_day;
        END LOOP;
    END LOOP;
END
$fn$;

-- A people row of an erased person is never written. A projection runner may still hold a
-- stream's document folded before the erasure and write it back with the stream's next event;
-- the CHECK fails that page's transaction (its document write rolls back with it), the runner
-- drops its cached documents as after any failed page, and the retry folds the erased document
-- from the table. A CHECK, not a trigger: a rebuild's fresh tables (LIKE … INCLUDING ALL) copy it.
-- The function raises instead of answering false: a failed CHECK's error quotes the whole row
-- ("Failing row contains …"), and the worker logs that error, so the details would reach the logs.
-- VOLATILE: its query takes a snapshot of its own, so a page whose write waited for an erasure
-- (erase_person_lock_read_models below) sees that erasure once it goes on.
CREATE FUNCTION person_not_erased(p_person text) RETURNS boolean
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $fn$
DECLARE
    v_erased date;
BEGIN
    SELECT erased_on INTO v_erased FROM person_keys WHERE person_id = p_person;
    IF v_erased IS NOT NULL THEN
        RAISE EXCEPTION 'person % was erased; their details are not written again', p_person USING ERRCODE = '23514';
    END IF;
    RETURN true;
END
$fn$;

-- Taken by an erasure first, before it destroys the key or records the person as erased: the
-- documents and people tables of the read models that hold personal data (and a running
-- rebuild's fresh copies) in SHARE ROW EXCLUSIVE mode, which conflicts with the ROW EXCLUSIVE
-- lock every projection page's write takes. A page that wrote any of them commits before the
-- erasure goes on (its rows are then visible to the purge, which deletes them); a page that
-- writes after this lock waits for the erasure's commit, and its CHECK then sees the person
-- erased and refuses the row. The same whether or not the person has a key row: a person known
-- only from plaintext events gets theirs inserted by the erasure, and an uncommitted insert
-- makes nobody wait. Per projection, the documents table first, as the pages write them
-- (projection_write_keyed writes a projection's tables in order, documents first), so an
-- erasure and a page never hold one each of a pair; and a page never waits for the erasure
-- while holding a row the purge must change (the deadlock a row lock had). A rebuild table
-- swapped or dropped meanwhile is skipped.
CREATE FUNCTION erase_person_lock_read_models() RETURNS void
    LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $fn$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY[
        'directory_documents', 'directory_people', 'directory_documents__rebuild', 'directory_people__rebuild',
        'placements_documents', 'placement_people', 'placements_documents__rebuild', 'placement_people__rebuild',
        'rounds_documents', 'round_people', 'rounds_documents__rebuild', 'round_people__rebuild']
    LOOP
        CONTINUE WHEN to_regclass(v_table) IS NULL;
        BEGIN
            EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', v_table);
        EXCEPTION WHEN undefined_table THEN
            NULL;
        END;
    END LOOP;
END
$fn$;

ALTER TABLE directory_people ADD CONSTRAINT directory_people_not_erased CHECK (person_not_erased(person_id));
ALTER TABLE placement_people ADD CONSTRAINT placement_people_not_erased CHECK (person_not_erased(person_id));
ALTER TABLE round_people ADD CONSTRAINT round_people_not_erased CHECK (person_not_erased(person_id));

REVOKE ALL ON FUNCTION erase_person_from_read_models(text, date), erase_person_lock_read_models() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_person_from_read_models(text, date), erase_person_lock_read_models() TO labledger_app;
