-- Read model `placements` (Sources/LabLedgerReadModels/Placements): PhD studentships with
-- their internships and stipend payments, and postdoc appointments. Names, contact details and
-- ORCID iDs of the people placed are in placement_people only, so they can be erased there;
-- person_id elsewhere is a pseudonymous key. Amounts are bigint minor units of their currency.
-- Rows are replaced per stream by the projection worker; stream_id is the source stream.

CREATE TABLE placements_documents (
    stream_id text PRIMARY KEY,
    doc jsonb NOT NULL
);

-- One row per placement stream. status: 'ended' once ended (whatever came before),
-- 'degree_conferred' once the degree is conferred and the studentship has not ended, else
-- 'active'. The stipend columns are NULL for a postdoc; stipends_paid is the sum of
-- placement_stipends.amount, all in stipend_currency.
CREATE TABLE placements (
    stream_id text NOT NULL,
    placement_id text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('studentship', 'postdoc')),
    lab_id text NOT NULL,
    agreement_id text NOT NULL,
    person_id text NOT NULL,
    degree_grantor_id text,
    sponsor_id text,
    employer_id text,
    period_from date NOT NULL,
    period_to date,
    started_on date NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'degree_conferred', 'ended')),
    degree text,
    degree_conferred_on date,
    ended_on date,
    end_reason text CHECK (end_reason IN ('completed', 'withdrawn', 'terminated', 'transferred')),
    stipend_commitment_id text,
    stipend_currency text,
    stipend_monthly bigint,
    stipends_paid bigint,
    stipend_payment_count integer,
    last_stipend_paid_on date,
    stream_version integer NOT NULL,
    updated_position bigint NOT NULL,
    CHECK ((kind = 'studentship') = (sponsor_id IS NOT NULL AND degree_grantor_id IS NOT NULL AND stipend_currency IS NOT NULL)),
    CHECK ((kind = 'postdoc') = (employer_id IS NOT NULL)),
    CHECK ((ended_on IS NULL) = (end_reason IS NULL))
);
CREATE INDEX placements_by_stream ON placements (stream_id);
CREATE INDEX placements_by_lab ON placements (lab_id, status);
CREATE INDEX placements_by_sponsor ON placements (sponsor_id) WHERE sponsor_id IS NOT NULL;
CREATE INDEX placements_by_degree_grantor ON placements (degree_grantor_id) WHERE degree_grantor_id IS NOT NULL;
CREATE INDEX placements_by_employer ON placements (employer_id) WHERE employer_id IS NOT NULL;
CREATE INDEX placements_by_agreement ON placements (agreement_id);

-- A studentship's internships, numbered from 1 in the order they started; ended_on is NULL
-- while one is in progress.
CREATE TABLE placement_internships (
    stream_id text NOT NULL,
    placement_id text NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    host_id text NOT NULL,
    agreement_id text NOT NULL,
    lab_id text NOT NULL,
    period_from date NOT NULL,
    period_to date,
    ended_on date,
    PRIMARY KEY (placement_id, number)
);
CREATE INDEX placement_internships_by_stream ON placement_internships (stream_id);
CREATE INDEX placement_internships_by_host ON placement_internships (host_id, ended_on);

-- One row per stipend payment; the same reference is a disbursement on the commitment
-- (funding_disbursements.reference), which is how the two are reconciled.
CREATE TABLE placement_stipends (
    stream_id text NOT NULL,
    placement_id text NOT NULL,
    reference text NOT NULL,
    commitment_id text NOT NULL,
    currency text NOT NULL,
    amount bigint NOT NULL,
    period_from date NOT NULL,
    period_to date,
    paid_on date NOT NULL,
    recorded_version integer NOT NULL,
    recorded_position bigint NOT NULL,
    PRIMARY KEY (placement_id, reference)
);
CREATE INDEX placement_stipends_by_stream ON placement_stipends (stream_id);
CREATE INDEX placement_stipends_by_commitment ON placement_stipends (commitment_id, reference);

-- Personal data of the student or postdoc: the only table that holds it.
CREATE TABLE placement_people (
    stream_id text NOT NULL,
    placement_id text NOT NULL,
    person_id text NOT NULL,
    orcid text,
    name text NOT NULL,
    email text,
    phone text,
    PRIMARY KEY (stream_id, person_id)
);
CREATE INDEX placement_people_by_person ON placement_people (person_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON placements_documents, placements, placement_internships, placement_stipends,
    placement_people TO labledger_app;

INSERT INTO projection_tables (projection, table_name) VALUES
    ('placements', 'placements_documents'),
    ('placements', 'placements'),
    ('placements', 'placement_internships'),
    ('placements', 'placement_stipends'),
    ('placements', 'placement_people');
