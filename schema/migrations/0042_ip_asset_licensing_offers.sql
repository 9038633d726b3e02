-- IP assets offered for licensing (issue 15): the owners' current offer, public to every
-- authenticated key (GET /v1/licensable-ip-assets). NULL while the asset is not on offer, which
-- is right for every existing row (no event written before this change offers anything), so no
-- rebuild is needed.
--
-- Nullable, without a default the projection relies on: workers insert rows with
-- jsonb_populate_recordset, where a key an older binary does not write arrives as an explicit
-- NULL, and during a rolling upgrade older workers still run after this migration.
ALTER TABLE ip_assets ADD COLUMN offered_on date;
ALTER TABLE ip_assets ADD COLUMN offered_by text;
ALTER TABLE ip_assets ADD COLUMN offer_fields text[];
ALTER TABLE ip_assets ADD COLUMN offer_territories text[];
ALTER TABLE ip_assets ADD COLUMN offer_exclusivity_offered boolean;

-- A rebuild in progress fills ip_assets__rebuild, a copy made with LIKE ... INCLUDING ALL
-- before this migration: it is altered the same way, or it would swap in without the columns.
DO $$
BEGIN
    IF to_regclass('ip_assets__rebuild') IS NOT NULL THEN
        ALTER TABLE ip_assets__rebuild ADD COLUMN offered_on date;
        ALTER TABLE ip_assets__rebuild ADD COLUMN offered_by text;
        ALTER TABLE ip_assets__rebuild ADD COLUMN offer_fields text[];
        ALTER TABLE ip_assets__rebuild ADD COLUMN offer_territories text[];
        ALTER TABLE ip_assets__rebuild ADD COLUMN offer_exclusivity_offered boolean;
    END IF;
END $$;
