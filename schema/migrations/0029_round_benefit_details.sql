-- Accelerator benefits say what they are (issue 15): a description, technical support as a kind
-- of benefit (counted in support hours), and platform seat-months as a unit for a technology
-- benefit. Old rows have no description; no rebuild is needed.
--
-- A rebuild in progress fills <table>__rebuild, a copy made with LIKE ... INCLUDING ALL before
-- this migration: it is altered the same way, or it would swap in without the column. Both get
-- the same check name (names are per table, and a swap renames the table, not its checks).
DO $$
DECLARE
    v_table text;
    v_check record;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['round_benefits', 'round_benefits__rebuild'] LOOP
        CONTINUE WHEN to_regclass(v_table) IS NULL;
        EXECUTE format('ALTER TABLE %I ADD COLUMN description text', v_table);
        FOR v_check IN
            SELECT conname FROM pg_constraint
            WHERE conrelid = to_regclass(v_table) AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%''office_space''%'
        LOOP
            EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', v_table, v_check.conname);
        END LOOP;
        EXECUTE format(
            'ALTER TABLE %I ADD CONSTRAINT round_benefits_kind_check CHECK (kind IN (''cash'', ''cloud_credits'', ''office_space'', ''mentoring'', ''technology'', ''technical_support''))',
            v_table);
    END LOOP;
END $$;
