-- GET /v1/ip-assets's item is the stored answer without `inventors` and `transfers` (the two
-- fields only the single-asset answer carries): the list's query now takes it from `body`
-- (`body - '{inventors,transfers}'::text[]`), and the ip_assets projection no longer writes `item`.
-- Every touch of an asset renders and writes its stored answers once per kind of key, each
-- carrying every licence; the item was a second rendering of each, stored beside it, and under
-- load the IP assets' rounds were the longest of every projection (bench/README.md, "Lag under
-- load").
--
-- Nullable rather than dropped: during a rolling upgrade older workers still write it and older
-- API servers still read it (a NULL item sends them to the typed answer: right, only slower).
-- Items already stored are left as they are and no longer read.
ALTER TABLE ip_asset_views ALTER COLUMN item DROP NOT NULL;

-- A rebuild in progress fills ip_asset_views__rebuild, a copy made with LIKE ... INCLUDING ALL
-- before this migration: it is altered the same way, or it would refuse the rows without items.
DO $$
BEGIN
    IF to_regclass('ip_asset_views__rebuild') IS NOT NULL THEN
        ALTER TABLE ip_asset_views__rebuild ALTER COLUMN item DROP NOT NULL;
    END IF;
END $$;
