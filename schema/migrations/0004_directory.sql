-- Read model `directory` (Sources/LabLedgerReadModels/Directory): parties, labs with their
-- membership history and advisory board, agreements with their parties, cost shares,
-- signatures and amendments.
--
-- Only the projection worker writes here: for every stream a batch touches it deletes the
-- stream's rows from each table (WHERE stream_id = ANY(...)) and inserts the rows the model
-- derived from the stream's document (jsonb_populate_recordset), so every table carries
-- stream_id and column names are exactly the row structs' JSON keys. Periods are half-open as
-- in the domain: a `*_to` date is the first day after the period.
--
-- Personal data (names, contacts, ORCID iDs of advisors and signatories) is only in
-- directory_people; every other table names people by pseudonymous person id at most.

CREATE TABLE directory_documents (
    stream_id text PRIMARY KEY,
    doc       jsonb NOT NULL
);

CREATE TABLE directory_parties (
    stream_id        text PRIMARY KEY,
    party_id         text NOT NULL UNIQUE,
    name             text NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('university', 'company', 'public_body', 'fund', 'startup')),
    ror              text,
    country          text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    stream_version   integer NOT NULL,
    updated_position bigint NOT NULL
);
-- Parties of one kind, by name (the directory's listing).
CREATE INDEX directory_parties_kind ON directory_parties (kind, name);
-- A party by its ROR id.
CREATE INDEX directory_parties_ror ON directory_parties (ror) WHERE ror IS NOT NULL;

CREATE TABLE directory_labs (
    stream_id           text PRIMARY KEY,
    lab_id              text NOT NULL UNIQUE,
    name                text NOT NULL,
    founded_on          date NOT NULL,
    research_areas      text[] NOT NULL,
    status              text NOT NULL CHECK (status IN ('active', 'dissolved')),
    dissolved_on        date,
    dissolution_reason  text,
    founder_ids         text[] NOT NULL,
    -- Current members, founders included.
    member_count        integer NOT NULL,
    advisory_board_size integer NOT NULL,
    stream_version      integer NOT NULL,
    updated_position    bigint NOT NULL,
    CHECK ((status = 'dissolved') = (dissolved_on IS NOT NULL))
);
-- Active (or dissolved) labs by name.
CREATE INDEX directory_labs_status ON directory_labs (status, name);

-- One row per spell of membership: a party that left and was admitted again has two. `seq`
-- numbers the spells of a lab in admission order, founders first.
CREATE TABLE directory_lab_members (
    stream_id        text NOT NULL,
    lab_id           text NOT NULL,
    seq              integer NOT NULL,
    party_id         text NOT NULL,
    role             text NOT NULL CHECK (role IN ('university', 'industry_partner', 'host', 'funder')),
    founder          boolean NOT NULL,
    admitted_on      date NOT NULL,
    -- NULL while the party is a member.
    departed_on      date,
    departure_reason text,
    current          boolean NOT NULL,
    PRIMARY KEY (stream_id, seq),
    CHECK (current = (departed_on IS NULL))
);
-- Labs by member party (current ones: AND current).
CREATE INDEX directory_lab_members_party ON directory_lab_members (party_id, lab_id);

-- Advisory board seats, by pseudonymous person id; names are in directory_people.
CREATE TABLE directory_lab_advisors (
    stream_id    text NOT NULL,
    lab_id       text NOT NULL,
    person_id    text NOT NULL,
    expertise    text NOT NULL,
    appointed_on date NOT NULL,
    PRIMARY KEY (stream_id, person_id)
);

CREATE TABLE directory_agreements (
    stream_id               text PRIMARY KEY,
    agreement_id            text NOT NULL UNIQUE,
    lab_id                  text NOT NULL,
    kind                    text NOT NULL
        CHECK (kind IN ('mou', 'joint_lab_agreement', 'sponsored_research', 'accelerator_charter')),
    title                   text NOT NULL,
    -- `amended` is an executed agreement with at least one amendment.
    status                  text NOT NULL CHECK (status IN ('drafted', 'executed', 'amended', 'terminated', 'expired')),
    term_from               date NOT NULL,
    -- The first day after the term (as amended); NULL while open-ended.
    term_to                 date,
    drafted_on              date NOT NULL,
    executed_on             date,
    terminated_on           date,
    termination_reason      text,
    expired_on              date,
    ip_ownership            text NOT NULL CHECK (ip_ownership IN ('joint', 'university', 'sponsor', 'by_inventorship')),
    sponsor_option_days     integer NOT NULL,
    publication_review_days integer NOT NULL,
    party_count             integer NOT NULL,
    signature_count         integer NOT NULL,
    amendment_count         integer NOT NULL,
    -- [{number, summary, effective_from, changes: ["cost_shares" | "term" | "ip_terms", ...]}, ...]
    amendments              jsonb NOT NULL CHECK (jsonb_typeof(amendments) = 'array'),
    stream_version          integer NOT NULL,
    updated_position        bigint NOT NULL
);
-- Agreements by lab (optionally by status).
CREATE INDEX directory_agreements_lab ON directory_agreements (lab_id, status);

-- The parties to an agreement with their role, cost share and signature (the signatory by
-- pseudonymous id and capacity; the name is in directory_people).
CREATE TABLE directory_agreement_parties (
    stream_id               text NOT NULL,
    agreement_id            text NOT NULL,
    lab_id                  text NOT NULL,
    party_id                text NOT NULL,
    role                    text NOT NULL
        CHECK (role IN ('university', 'sponsor', 'industry_partner', 'host', 'funder', 'operator')),
    -- Order in the draft, from 1.
    position                integer NOT NULL,
    -- NULL when the party bears no listed share of the costs.
    cost_share_basis_points integer CHECK (cost_share_basis_points BETWEEN 0 AND 10000),
    signed_on               date,
    signatory_id            text,
    signatory_title         text,
    PRIMARY KEY (stream_id, party_id)
);
-- Agreements by party.
CREATE INDEX directory_agreement_parties_party ON directory_agreement_parties (party_id, agreement_id);

-- Personal data of advisory board members (lab streams) and signatories (agreement streams).
CREATE TABLE directory_people (
    stream_id text NOT NULL,
    person_id text NOT NULL,
    role      text NOT NULL CHECK (role IN ('advisor', 'signatory')),
    name      text NOT NULL,
    email     text,
    phone     text,
    orcid     text,
    PRIMARY KEY (stream_id, person_id)
);
-- Everything held about one person (access and erasure requests).
CREATE INDEX directory_people_person ON directory_people (person_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON
    directory_documents, directory_parties, directory_labs, directory_lab_members, directory_lab_advisors,
    directory_agreements, directory_agreement_parties, directory_people
    TO labledger_app;

INSERT INTO projection_tables (projection, table_name) VALUES
    ('directory', 'directory_documents'),
    ('directory', 'directory_parties'),
    ('directory', 'directory_labs'),
    ('directory', 'directory_lab_members'),
    ('directory', 'directory_lab_advisors'),
    ('directory', 'directory_agreements'),
    ('directory', 'directory_agreement_parties'),
    ('directory', 'directory_people');
