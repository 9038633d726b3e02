-- The ip_assets read model becomes keyed (projection version 3, issue 13): a royalty report is
-- a row of ip_asset_royalty_reports, inserted when it is reported and updated in place when a
-- payment against it is recorded. The stream's document keeps only the totals per licence and
-- currency (what ip_asset_royalties and the stored answers show), so the work per event no
-- longer grows with the number of reports an asset has had. Written by key by
-- projection_write_keyed (migration 0016); never deleted per stream.
-- Sources/LabLedgerReadModels/IPAssets/IPAssetRoyaltyReports.swift.
CREATE TABLE ip_asset_royalty_reports (
    stream_id text NOT NULL,
    asset_id text NOT NULL,
    licence_id text NOT NULL,
    -- The period as its key: 'YYYY-MM-DD/YYYY-MM-DD' (end exclusive), '..' for an open end.
    period text NOT NULL,
    period_from date NOT NULL,
    period_to date,
    reported_on date NOT NULL,
    -- The currency of the royalty due, which payments are in.
    currency text NOT NULL,
    royalty_due_minor_units bigint NOT NULL,
    net_sales_currency text NOT NULL,
    net_sales_minor_units bigint NOT NULL,
    -- The sum of the payments recorded against this report.
    paid_minor_units bigint NOT NULL,
    PRIMARY KEY (stream_id, licence_id, period)
);

REVOKE ALL ON ip_asset_royalty_reports FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON ip_asset_royalty_reports TO labledger_app;

INSERT INTO projection_tables (projection, table_name) VALUES ('ip_assets', 'ip_asset_royalty_reports');
