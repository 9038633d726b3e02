-- Who read whose personal data (docs/domain.md, "Reads of personal data"): one row per person
-- per authorised read that returned their details, written by the service as it opens them.
-- Append-only for every role, as the events are; it holds pseudonymous ids only, so erasing a
-- person leaves it as it is (it says that and when their data was read, never what it was).
CREATE TABLE person_access_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id   text NOT NULL,
    -- The API key's actor (`role:key id`), as event metadata names it.
    actor       text NOT NULL,
    -- The request: method and path.
    operation   text NOT NULL,
    accessed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX person_access_log_by_person ON person_access_log (person_id, id);

CREATE FUNCTION person_access_log_reject_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'person_access_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'LLA01';
END
$$;

-- Statement-level, so even a change that matches no row is refused.
CREATE TRIGGER person_access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON person_access_log
    FOR EACH STATEMENT EXECUTE FUNCTION person_access_log_reject_change();

REVOKE ALL ON person_access_log FROM PUBLIC;
GRANT SELECT, INSERT (person_id, actor, operation) ON person_access_log TO labledger_app;
