-- ip_asset_viewer (0017) in PL/pgSQL, with the same answers. Every IP-asset query asks it, and a
-- SQL-language function that cannot be inlined (a scalar call with subqueries) has its body
-- parsed and planned again in every statement that calls it: that planning was more than half
-- of PostgreSQL's work for GET /v1/ip-assets/{assetId} (bench/README.md, "The API's PostgreSQL
-- side"). PL/pgSQL keeps its statements' plans for the life of the connection. Still no
-- dependency on the tables a rebuild swaps: the body is resolved when it runs, and a cached plan
-- is planned again when a table it reads is replaced.
CREATE OR REPLACE FUNCTION ip_asset_viewer(p_stream_id text, p_agreement_id text, p_party text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF p_party IS NULL THEN
        RETURN '*';
    END IF;
    IF EXISTS (SELECT 1 FROM ip_asset_parties p WHERE p.stream_id = p_stream_id AND p.party_id = p_party) THEN
        RETURN p_party;
    END IF;
    IF EXISTS (SELECT 1 FROM directory_agreement_parties ap WHERE ap.agreement_id = p_agreement_id AND ap.party_id = p_party) THEN
        RETURN '-';
    END IF;
    RETURN NULL;
END
$$;
