-- An agreement may set up its lab before the lab is founded (issue 15: the JD / CUHK-Shenzhen
-- agreement of 15 June 2018 came before its lab): `AgreementDrafted.setsUpLab`. No event written
-- before this change carries it, so NULL (not setting up its lab) is right for every existing row
-- and no rebuild is needed.
--
-- Nullable, without a default the projection relies on: workers insert rows with
-- jsonb_populate_recordset, where a key an older binary does not write arrives as an explicit
-- NULL, and during a rolling upgrade older workers still run after this migration. Only an
-- agreement that sets up its lab holds true.
ALTER TABLE directory_agreements ADD COLUMN sets_up_lab boolean;

-- A rebuild in progress fills directory_agreements__rebuild, a copy made with LIKE ... INCLUDING
-- ALL before this migration: it is altered the same way, or it would swap in without the column.
DO $$
BEGIN
    IF to_regclass('directory_agreements__rebuild') IS NOT NULL THEN
        ALTER TABLE directory_agreements__rebuild ADD COLUMN sets_up_lab boolean;
    END IF;
END $$;
