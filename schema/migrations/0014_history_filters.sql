-- Auditors' filters on GET /v1/events (docs/audit.md, openapi.yaml `listEvents`).

-- Type and category filters walk the gap-safe order within the matching events only, instead
-- of reading every event and dropping most.
CREATE INDEX events_type_order ON events (event_type, transaction_id, global_position);
CREATE INDEX events_category_order ON events (split_part(stream_id, '-', 1), transaction_id, global_position);
-- The party filter's second half: events recorded on a party's behalf.
CREATE INDEX events_on_behalf_of ON events ((metadata ->> 'onBehalfOf'), transaction_id, global_position);

-- Which streams a party is a party to, as the read models record it: the definition of the
-- `party` filter (openapi.yaml). A view, not a table: it is always exactly what the read
-- models say, and a rebuild of a read model needs nothing else. Former roles count (a lab
-- member that left, a former owner of an asset): an auditor asks about everything a party
-- took part in.
-- A function, not a view: a view would depend on the read-model tables, and a rebuild's swap
-- (projection_swap_rebuild) drops and replaces them, which a dependent view forbids. A SQL
-- function's body is only resolved when it runs, so it always reads the live tables.
CREATE FUNCTION history_party_streams(p_party text) RETURNS SETOF text
LANGUAGE sql STABLE AS $$
    SELECT stream_id FROM directory_parties WHERE party_id = p_party
    UNION SELECT stream_id FROM directory_lab_members WHERE party_id = p_party
    UNION SELECT stream_id FROM directory_agreement_parties WHERE party_id = p_party
    UNION SELECT c.stream_id FROM funding_commitments c
          JOIN funding_agreement_parties p ON p.agreement_id = c.agreement_id WHERE p.party_id = p_party
    UNION SELECT stream_id FROM ip_asset_parties WHERE party_id = p_party
    UNION SELECT stream_id FROM output_parties WHERE party_id = p_party
    UNION SELECT stream_id FROM placements WHERE degree_grantor_id = p_party
    UNION SELECT stream_id FROM placements WHERE sponsor_id = p_party
    UNION SELECT stream_id FROM placements WHERE employer_id = p_party
    UNION SELECT stream_id FROM placement_internships WHERE host_id = p_party
    UNION SELECT stream_id FROM round_startups WHERE startup_id = p_party
    UNION SELECT r.stream_id FROM rounds r
          JOIN directory_lab_members m ON m.lab_id = r.lab_id WHERE m.party_id = p_party
$$;

REVOKE ALL ON FUNCTION history_party_streams(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION history_party_streams(text) TO labledger_app;
