-- GET /v1/ip-assets/{assetId} and GET /v1/ip-assets served from PostgreSQL as bytes (issue 13,
-- "queries that do not re-encode"). The ip_assets projection (version 2) renders the answers when
-- the stream changes, once for each kind of key, because what a key sees of the licences depends
-- on whom it acts for (LicenceViewer, Sources/LabLedgerReadModels/IPAssets/IPAssetAnswer.swift);
-- the API writes the stored JSON to the response without decoding it.
--
-- viewer: '*' for admins, operators and auditors; a party id for each party with a part in the
-- asset (ip_asset_parties); '-' for a party to the asset's agreement with no part in the asset.
-- Party ids are slugs, so neither marker can be one.
CREATE TABLE ip_asset_views (
    stream_id text NOT NULL,
    viewer text NOT NULL,
    -- The asset in full (GET /v1/ip-assets/{assetId}).
    body jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
    -- The asset as a list item (GET /v1/ip-assets), without partyRoles, which the query adds
    -- for the party asked about.
    item jsonb NOT NULL CHECK (jsonb_typeof(item) = 'object'),
    PRIMARY KEY (stream_id, viewer)
);

REVOKE ALL ON ip_asset_views FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON ip_asset_views TO labledger_app;

INSERT INTO projection_tables (projection, table_name) VALUES ('ip_assets', 'ip_asset_views');

-- Which stored answer `p_party` reads of the asset (NULL: the key's party sees no such asset,
-- answered 404 like an asset that does not exist). p_party NULL is a key without a party. The
-- one statement of "a party sees an asset when ip_asset_parties names it or it is a party to the
-- asset's agreement"; every single-asset query asks it. A plain SQL body (not BEGIN ATOMIC), so
-- nothing depends on the tables a rebuild swaps.
CREATE FUNCTION ip_asset_viewer(p_stream_id text, p_agreement_id text, p_party text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN p_party IS NULL THEN '*'
        WHEN EXISTS (SELECT 1 FROM ip_asset_parties p WHERE p.stream_id = p_stream_id AND p.party_id = p_party) THEN p_party
        WHEN EXISTS (SELECT 1 FROM directory_agreement_parties ap WHERE ap.agreement_id = p_agreement_id AND ap.party_id = p_party) THEN '-'
    END
$$;
REVOKE ALL ON FUNCTION ip_asset_viewer(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ip_asset_viewer(text, text, text) TO labledger_app;
