-- Read model `funding` (Sources/LabLedgerReadModels/Funding): balances per commitment, and so
-- per agreement, funder, purpose and currency or in-kind unit; per lab through this
-- projection's own copy of the agreements:
--   SELECT a.lab_id, c.currency, c.unit, sum(c.committed), sum(c.disbursed), sum(c.remaining)
--   FROM funding_commitments c JOIN funding_agreements a USING (agreement_id) GROUP BY 1, 2, 3;
-- Amounts are bigint minor units of `currency` (cash) or whole units of `unit` (in kind):
-- exactly one of the two is set, so grouping by both never adds different denominations.
-- Rows are replaced per stream by the projection worker; stream_id is the source stream.

CREATE TABLE funding_documents (
    stream_id text PRIMARY KEY,
    doc jsonb NOT NULL
);

-- One row per agreement stream.
CREATE TABLE funding_agreements (
    stream_id text NOT NULL,
    agreement_id text PRIMARY KEY,
    lab_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('mou', 'joint_lab_agreement', 'sponsored_research', 'accelerator_charter')),
    title text NOT NULL,
    status text NOT NULL CHECK (status IN ('drafted', 'executed', 'terminated', 'expired')),
    -- The term as currently amended, half-open [term_from, term_to); no term_to is open-ended.
    term_from date NOT NULL,
    term_to date,
    drafted_on date NOT NULL,
    executed_on date,
    terminated_on date,
    expired_on date,
    -- Numbers of the amendments made, in order.
    amendments integer[] NOT NULL,
    stream_version integer NOT NULL,
    updated_position bigint NOT NULL
);
CREATE INDEX funding_agreements_by_stream ON funding_agreements (stream_id);
CREATE INDEX funding_agreements_by_lab ON funding_agreements (lab_id, status);

-- The parties of each agreement, with their role, cost share and signature date.
CREATE TABLE funding_agreement_parties (
    stream_id text NOT NULL,
    agreement_id text NOT NULL,
    party_id text NOT NULL,
    role text NOT NULL CHECK (role IN ('university', 'sponsor', 'industry_partner', 'host', 'funder', 'operator')),
    cost_share_basis_points integer CHECK (cost_share_basis_points BETWEEN 0 AND 10000),
    signed_on date,
    PRIMARY KEY (agreement_id, party_id)
);
CREATE INDEX funding_agreement_parties_by_stream ON funding_agreement_parties (stream_id);
CREATE INDEX funding_agreement_parties_by_party ON funding_agreement_parties (party_id);

-- One row per commitment stream. committed = disbursed + remaining + released: `remaining`
-- can still be drawn (0 once closed), `released` is what closing left undisbursed.
CREATE TABLE funding_commitments (
    stream_id text NOT NULL,
    commitment_id text PRIMARY KEY,
    agreement_id text NOT NULL,
    funder_id text NOT NULL,
    purpose text NOT NULL CHECK (purpose IN ('operating', 'phd_stipend', 'cash_grant', 'compute_credits', 'office_space')),
    amount_kind text NOT NULL CHECK (amount_kind IN ('cash', 'in_kind')),
    currency text,
    unit text,
    initially_committed bigint NOT NULL,
    committed bigint NOT NULL,
    disbursed bigint NOT NULL,
    remaining bigint NOT NULL,
    released bigint NOT NULL,
    period_from date NOT NULL,
    period_to date,
    status text NOT NULL CHECK (status IN ('open', 'closed')),
    closed_on date,
    closed_reason text,
    stream_version integer NOT NULL,
    updated_position bigint NOT NULL,
    CHECK ((amount_kind = 'cash') = (currency IS NOT NULL AND unit IS NULL)),
    CHECK ((amount_kind = 'in_kind') = (unit IS NOT NULL AND currency IS NULL)),
    CHECK (committed = disbursed + remaining + released),
    CHECK ((status = 'closed') = (closed_on IS NOT NULL))
);
CREATE INDEX funding_commitments_by_stream ON funding_commitments (stream_id);
CREATE INDEX funding_commitments_by_agreement ON funding_commitments (agreement_id);
CREATE INDEX funding_commitments_by_funder ON funding_commitments (funder_id, currency, unit);

-- One row per disbursement, reversed ones included (they no longer count in `disbursed`).
CREATE TABLE funding_disbursements (
    stream_id text NOT NULL,
    commitment_id text NOT NULL,
    funder_id text NOT NULL,
    reference text NOT NULL,
    amount_kind text NOT NULL CHECK (amount_kind IN ('cash', 'in_kind')),
    currency text,
    unit text,
    amount bigint NOT NULL,
    value_date date NOT NULL,
    reversed boolean NOT NULL,
    reversed_on date,
    reversal_reason text,
    recorded_version integer NOT NULL,
    recorded_position bigint NOT NULL,
    PRIMARY KEY (commitment_id, reference),
    CHECK (reversed = (reversed_on IS NOT NULL))
);
CREATE INDEX funding_disbursements_by_stream ON funding_disbursements (stream_id);
CREATE INDEX funding_disbursements_by_funder ON funding_disbursements (funder_id, value_date);

-- Changes of the committed total under agreement amendments; `delta` is signed, in the
-- commitment's currency or unit.
CREATE TABLE funding_adjustments (
    stream_id text NOT NULL,
    commitment_id text NOT NULL,
    amendment integer NOT NULL,
    delta bigint NOT NULL,
    recorded_version integer NOT NULL,
    recorded_position bigint NOT NULL,
    PRIMARY KEY (commitment_id, recorded_version)
);
CREATE INDEX funding_adjustments_by_stream ON funding_adjustments (stream_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON funding_documents, funding_agreements, funding_agreement_parties,
    funding_commitments, funding_disbursements, funding_adjustments TO labledger_app;

INSERT INTO projection_tables (projection, table_name) VALUES
    ('funding', 'funding_documents'),
    ('funding', 'funding_agreements'),
    ('funding', 'funding_agreement_parties'),
    ('funding', 'funding_commitments'),
    ('funding', 'funding_disbursements'),
    ('funding', 'funding_adjustments');
