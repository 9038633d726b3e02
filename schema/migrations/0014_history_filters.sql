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
CREATE VIEW history_party_streams (party_id, stream_id) AS
    SELECT party_id, stream_id FROM directory_parties
    UNION SELECT party_id, stream_id FROM directory_lab_members
    UNION SELECT party_id, stream_id FROM directory_agreement_parties
    UNION SELECT p.party_id, c.stream_id FROM funding_commitments c
          JOIN funding_agreement_parties p ON p.agreement_id = c.agreement_id
    UNION SELECT party_id, stream_id FROM ip_asset_parties
    UNION SELECT party_id, stream_id FROM output_parties
    UNION SELECT degree_grantor_id, stream_id FROM placements WHERE degree_grantor_id IS NOT NULL
    UNION SELECT sponsor_id, stream_id FROM placements WHERE sponsor_id IS NOT NULL
    UNION SELECT employer_id, stream_id FROM placements WHERE employer_id IS NOT NULL
    UNION SELECT host_id, stream_id FROM placement_internships
    UNION SELECT startup_id, stream_id FROM round_startups
    UNION SELECT m.party_id, r.stream_id FROM rounds r
          JOIN directory_lab_members m ON m.lab_id = r.lab_id;

GRANT SELECT ON history_party_streams TO labledger_app;
