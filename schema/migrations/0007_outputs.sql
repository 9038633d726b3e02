-- Read model `outputs` (Sources/LabLedgerReadModels/Outputs): research outputs by lab, party,
-- status, kind and DOI, the validation queue and publication-review windows.
--
-- Only the projection worker writes here: for every stream a batch touches it deletes the
-- stream's rows from each table (WHERE stream_id = ANY(...)) and inserts the rows the model
-- derived from the stream's document (jsonb_populate_recordset), so every table carries
-- stream_id and column names are exactly the row structs' JSON keys.
--
-- Contributors are natural persons: their ORCID iDs are only in output_people.

CREATE TABLE outputs_documents (
    stream_id text PRIMARY KEY,
    doc       jsonb NOT NULL
);

CREATE TABLE outputs (
    stream_id             text PRIMARY KEY,
    output_id             text NOT NULL UNIQUE,
    lab_id                text NOT NULL,
    kind                  text NOT NULL CHECK (kind IN ('paper', 'patent', 'software', 'dataset')),
    title                 text NOT NULL,
    -- As first given, for display.
    doi                   text,
    -- Lower-cased, without `doi:` or resolver prefix: the form DOIs are compared in.
    doi_normalized        text,
    date                  date NOT NULL,
    agreement_id          text,
    -- One value to filter on: withdrawn and published are final, then `submitted` (waiting
    -- for validation), then `under_review` (a reviewer has not cleared), then `validated`;
    -- `registered` is everything else (new, or corrected and not yet submitted again).
    status                text NOT NULL
        CHECK (status IN ('registered', 'submitted', 'validated', 'under_review', 'published', 'withdrawn')),
    validation            text NOT NULL CHECK (validation IN ('draft', 'submitted', 'validated')),
    -- Corrected after validation and not validated again since.
    revalidation_required boolean NOT NULL,
    -- The latest submission for validation (a corrected output queues again from then).
    submitted_on          date,
    validated_on          date,
    validated_by          text,
    review_state          text NOT NULL CHECK (review_state IN ('none', 'pending', 'cleared')),
    review_requested_on   date,
    -- The first day the review no longer holds publication back, cleared or not.
    review_window_ends_on date,
    -- The day the last reviewer cleared.
    review_cleared_on     date,
    -- The first day publication may go ahead: the clearance or the window's end, whichever is first.
    review_clears_on      date,
    published_on          date,
    venue                 text,
    withdrawn_on          date,
    withdrawal_reason     text,
    contributor_count     integer NOT NULL,
    stream_version        integer NOT NULL,
    updated_position      bigint NOT NULL,
    CHECK ((review_state = 'none') = (review_requested_on IS NULL))
);
-- Outputs of a lab, newest first.
CREATE INDEX outputs_lab ON outputs (lab_id, date DESC);
-- Outputs by status, newest first.
CREATE INDEX outputs_status ON outputs (status, date DESC);
-- Outputs by kind, newest first.
CREATE INDEX outputs_kind ON outputs (kind, date DESC);
-- Outputs produced under an agreement.
CREATE INDEX outputs_agreement ON outputs (agreement_id) WHERE agreement_id IS NOT NULL;
-- The output a DOI is registered to. Unique: the domain registers a DOI once; should two
-- streams ever claim one, the projection stops at the second and shows it as a dead letter.
CREATE UNIQUE INDEX outputs_doi ON outputs (doi_normalized) WHERE doi_normalized IS NOT NULL;
-- The validation queue, oldest submission first (per lab: filter lab_id).
CREATE INDEX outputs_validation_queue ON outputs (submitted_on, stream_id) WHERE status = 'submitted';
-- Reviews still waiting for reviewers, by the end of their window.
CREATE INDEX outputs_review_pending ON outputs (review_window_ends_on) WHERE review_state = 'pending';

-- The parties an output concerns: its affiliations, and its reviewers under a
-- publication-review clause (with the day each cleared).
CREATE TABLE output_parties (
    stream_id  text NOT NULL,
    output_id  text NOT NULL,
    party_id   text NOT NULL,
    relation   text NOT NULL CHECK (relation IN ('affiliation', 'reviewer')),
    -- Order within the relation, from 1.
    position   integer NOT NULL,
    cleared_on date,
    PRIMARY KEY (stream_id, relation, party_id),
    CHECK (relation = 'reviewer' OR cleared_on IS NULL)
);
-- Outputs by party (affiliations; reviewers for a company's review inbox).
CREATE INDEX output_parties_party ON output_parties (party_id, relation);

-- Contributors: natural persons by ORCID iD, with their CRediT roles.
CREATE TABLE output_people (
    stream_id    text NOT NULL,
    output_id    text NOT NULL,
    orcid        text NOT NULL CHECK (orcid ~ '^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$'),
    -- Order in the record, from 1.
    position     integer NOT NULL,
    credit_roles text[] NOT NULL CHECK (credit_roles <@ ARRAY[
        'conceptualization', 'data-curation', 'formal-analysis', 'funding-acquisition', 'investigation',
        'methodology', 'project-administration', 'resources', 'software', 'supervision', 'validation',
        'visualization', 'writing-original-draft', 'writing-review-editing']::text[]),
    PRIMARY KEY (stream_id, orcid)
);
-- A person's outputs by ORCID iD (and everything held about them, for access and erasure).
CREATE INDEX output_people_orcid ON output_people (orcid);

GRANT SELECT, INSERT, UPDATE, DELETE ON outputs_documents, outputs, output_parties, output_people TO labledger_app;

INSERT INTO projection_tables (projection, table_name) VALUES
    ('outputs', 'outputs_documents'),
    ('outputs', 'outputs'),
    ('outputs', 'output_parties'),
    ('outputs', 'output_people');
