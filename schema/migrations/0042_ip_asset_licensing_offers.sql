-- IP assets offered for licensing (issue 15): the owners' current offer, public to every
-- authenticated key (GET /v1/licensable-ip-assets). NULL while the asset is not on offer.
--
-- The projection's version goes to 4 with this change and its workers rebuild ip_assets from
-- every event: during a rolling upgrade an older worker skips the offer events (it reads only
-- the types it knows, and its checkpoint moves past them) and writes these columns NULL when it
-- folds a later event of an offered asset, so the rows it leaves are not to be trusted.
--
-- Nullable, without a default the projection relies on: workers insert rows with
-- jsonb_populate_recordset, where a key an older binary does not write arrives as an explicit
-- NULL, and during a rolling upgrade older workers still run after this migration.
ALTER TABLE ip_assets ADD COLUMN offered_on date;
ALTER TABLE ip_assets ADD COLUMN offered_by text;
ALTER TABLE ip_assets ADD COLUMN offer_fields text[];
ALTER TABLE ip_assets ADD COLUMN offer_territories text[];
ALTER TABLE ip_assets ADD COLUMN offer_exclusivity_offered boolean;

-- The listing reads only the assets on offer, a few among many.
CREATE INDEX ip_assets_on_offer ON ip_assets (asset_id) WHERE offered_on IS NOT NULL;

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
        -- Named as projection_prepare_rebuild names a copied index: the swap drops the suffix.
        CREATE INDEX ip_assets_on_offer__rebuild ON ip_assets__rebuild (asset_id) WHERE offered_on IS NOT NULL;
    END IF;
END $$;
