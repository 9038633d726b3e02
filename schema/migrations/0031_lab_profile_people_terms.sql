-- Labs say what they are and agreements say their people terms (issue 15). A lab's profile:
-- non-profit, financially independent, and the member parties sharing its operating costs; all
-- three NULL until a profile is given at founding or recorded. An agreement's people terms are
-- one jsonb object (PhD funders, degree grantors, internship hosts, postdoc recruitment), NULL
-- when the draft stated none. No event written before this change carries either, so every
-- existing row is already right with NULLs and no rebuild is needed.
ALTER TABLE directory_labs ADD COLUMN non_profit boolean;
ALTER TABLE directory_labs ADD COLUMN financially_independent boolean;
ALTER TABLE directory_labs ADD COLUMN operating_cost_sharers text[];
ALTER TABLE directory_labs ADD CONSTRAINT directory_labs_profile_whole
    CHECK ((non_profit IS NULL) = (financially_independent IS NULL) AND (non_profit IS NULL) = (operating_cost_sharers IS NULL));
ALTER TABLE directory_agreements ADD COLUMN people_terms jsonb;
ALTER TABLE directory_agreements ADD CONSTRAINT directory_agreements_people_terms_object
    CHECK (people_terms IS NULL OR jsonb_typeof(people_terms) = 'object');

-- A rebuild in progress fills <table>__rebuild, a copy made with LIKE ... INCLUDING ALL before
-- this migration: it is altered the same way, or it would swap in without the columns. Both get
-- the same check names (names are per table, and a swap renames the table, not its checks).
DO $$
BEGIN
    IF to_regclass('directory_labs__rebuild') IS NOT NULL THEN
        ALTER TABLE directory_labs__rebuild ADD COLUMN non_profit boolean, ADD COLUMN financially_independent boolean,
            ADD COLUMN operating_cost_sharers text[];
        ALTER TABLE directory_labs__rebuild ADD CONSTRAINT directory_labs_profile_whole
            CHECK ((non_profit IS NULL) = (financially_independent IS NULL) AND (non_profit IS NULL) = (operating_cost_sharers IS NULL));
    END IF;
    IF to_regclass('directory_agreements__rebuild') IS NOT NULL THEN
        ALTER TABLE directory_agreements__rebuild ADD COLUMN people_terms jsonb;
        ALTER TABLE directory_agreements__rebuild ADD CONSTRAINT directory_agreements_people_terms_object
            CHECK (people_terms IS NULL OR jsonb_typeof(people_terms) = 'object');
    END IF;
END $$;
