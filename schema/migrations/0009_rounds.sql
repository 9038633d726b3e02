-- Read model `rounds` (Sources/LabLedgerReadModels/Rounds): accelerator rounds, each startup's
-- status in a round, benefits granted and mentors assigned. Mentors' names and contact details
-- are in round_people only; mentor_id elsewhere is a pseudonymous key. Benefit amounts are
-- bigint minor units of `currency` (cash) or whole units of `unit` (in kind).
-- Rows are replaced per stream by the projection worker; stream_id is the source stream.

CREATE TABLE rounds_documents (
    stream_id text PRIMARY KEY,
    doc jsonb NOT NULL
);

-- One row per round stream. applied_count counts every application; pending, rejected and
-- graduated count startups in that status now; admitted_count counts every startup admitted,
-- graduated ones included. The programme runs [programme_from, programme_to) from the close of
-- the application window [window_from, window_to).
CREATE TABLE rounds (
    stream_id text NOT NULL,
    round_id text PRIMARY KEY,
    lab_id text NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    capacity integer NOT NULL CHECK (capacity >= 1),
    window_from date NOT NULL,
    window_to date,
    programme_months integer NOT NULL,
    programme_from date,
    programme_to date,
    opened_on date NOT NULL,
    applied_count integer NOT NULL,
    pending_count integer NOT NULL,
    admitted_count integer NOT NULL,
    rejected_count integer NOT NULL,
    graduated_count integer NOT NULL,
    status text NOT NULL CHECK (status IN ('running', 'graduated')),
    graduated_on date,
    stream_version integer NOT NULL,
    updated_position bigint NOT NULL,
    CHECK (applied_count = pending_count + admitted_count + rejected_count),
    CHECK ((status = 'graduated') = (graduated_on IS NOT NULL))
);
CREATE INDEX rounds_by_stream ON rounds (stream_id);
CREATE INDEX rounds_by_lab ON rounds (lab_id, number);

-- One row per startup that applied to a round.
CREATE TABLE round_startups (
    stream_id text NOT NULL,
    round_id text NOT NULL,
    lab_id text NOT NULL,
    startup_id text NOT NULL,
    status text NOT NULL CHECK (status IN ('applied', 'admitted', 'rejected', 'graduated')),
    applied_on date NOT NULL,
    admitted_on date,
    rejected_on date,
    rejection_reason text,
    graduated_on date,
    PRIMARY KEY (round_id, startup_id)
);
CREATE INDEX round_startups_by_stream ON round_startups (stream_id);
CREATE INDEX round_startups_by_startup ON round_startups (startup_id);

-- Benefits granted to admitted startups. `kind` is the benefit's kind; when it draws on a
-- commitment, the same reference is a disbursement on it (funding_disbursements.reference).
CREATE TABLE round_benefits (
    stream_id text NOT NULL,
    round_id text NOT NULL,
    reference text NOT NULL,
    startup_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('cash', 'cloud_credits', 'office_space', 'mentoring', 'technology')),
    amount_kind text NOT NULL CHECK (amount_kind IN ('cash', 'in_kind')),
    currency text,
    unit text,
    quantity bigint NOT NULL,
    provider_id text NOT NULL,
    commitment_id text,
    granted_on date NOT NULL,
    recorded_version integer NOT NULL,
    recorded_position bigint NOT NULL,
    PRIMARY KEY (round_id, reference),
    CHECK ((amount_kind = 'cash') = (currency IS NOT NULL AND unit IS NULL)),
    CHECK ((amount_kind = 'in_kind') = (unit IS NOT NULL AND currency IS NULL))
);
CREATE INDEX round_benefits_by_stream ON round_benefits (stream_id);
CREATE INDEX round_benefits_by_startup ON round_benefits (startup_id);
CREATE INDEX round_benefits_by_provider ON round_benefits (provider_id);
CREATE INDEX round_benefits_by_commitment ON round_benefits (commitment_id, reference) WHERE commitment_id IS NOT NULL;

-- Mentors assigned to startups of a round.
CREATE TABLE round_mentors (
    stream_id text NOT NULL,
    round_id text NOT NULL,
    startup_id text NOT NULL,
    mentor_id text NOT NULL,
    assigned_on date NOT NULL,
    PRIMARY KEY (round_id, startup_id, mentor_id)
);
CREATE INDEX round_mentors_by_stream ON round_mentors (stream_id);
CREATE INDEX round_mentors_by_mentor ON round_mentors (mentor_id);

-- Personal data of the mentors, as given with each one's latest assignment in the round: the
-- only table that holds it.
CREATE TABLE round_people (
    stream_id text NOT NULL,
    round_id text NOT NULL,
    person_id text NOT NULL,
    name text NOT NULL,
    email text,
    phone text,
    PRIMARY KEY (stream_id, person_id)
);
CREATE INDEX round_people_by_person ON round_people (person_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON rounds_documents, rounds, round_startups, round_benefits, round_mentors,
    round_people TO labledger_app;

INSERT INTO projection_tables (projection, table_name) VALUES
    ('rounds', 'rounds_documents'),
    ('rounds', 'rounds'),
    ('rounds', 'round_startups'),
    ('rounds', 'round_benefits'),
    ('rounds', 'round_mentors'),
    ('rounds', 'round_people');
