-- A current owner of an asset sees it as admins, operators and auditors do: every licence in full
-- and the licence proposals (LicenceViewer, Sources/LabLedgerReadModels/IPAssets/IPAssetAnswer.swift).
-- Their stored answers were byte for byte the keepers' one, rendered and written again for each
-- owner whenever the asset changed. ip_asset_viewer now sends an owner's key to the keepers' row
-- ('*'), and the ip_assets projection stores no row per owner. An owner is a party whose
-- ip_asset_parties row has a share (share_basis_points is the asset's ownerShares, whose keys
-- are its owners).
--
-- During a rolling upgrade older workers still write owners' rows, which nothing reads any
-- more; the next touch of the asset by a newer worker replaces the asset's rows without them.
-- Older API servers ask this function too, so they read the keepers' row for owners as well.
CREATE OR REPLACE FUNCTION ip_asset_viewer(p_stream_id text, p_agreement_id text, p_party text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_owner boolean;
BEGIN
    IF p_party IS NULL THEN
        RETURN '*';
    END IF;
    SELECT p.share_basis_points IS NOT NULL INTO v_owner
    FROM ip_asset_parties p WHERE p.stream_id = p_stream_id AND p.party_id = p_party;
    IF FOUND THEN
        RETURN CASE WHEN v_owner THEN '*' ELSE p_party END;
    END IF;
    IF EXISTS (SELECT 1 FROM directory_agreement_parties ap WHERE ap.agreement_id = p_agreement_id AND ap.party_id = p_party) THEN
        RETURN '-';
    END IF;
    RETURN NULL;
END
$$;
