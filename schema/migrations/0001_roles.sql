-- The application role: the service's queries run with this role's privileges only.
-- Roles are cluster-wide while migrations run per database, so several databases of one
-- cluster may race to create it; the loser's duplicate error is harmless.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'labledger_app') THEN
        CREATE ROLE labledger_app NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO labledger_app;
