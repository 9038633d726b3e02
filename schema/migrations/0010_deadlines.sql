-- Read model `deadlines` (Sources/LabLedgerReadModels/Deadlines): one row per deadline users
-- ask about — option expiries (ipasset streams), publication-review windows (output), agreement
-- term ends (agreement, once executed), internship and studentship/postdoc ends (placement),
-- application windows (round) and funding periods (commitment).
--
-- Only the projection worker writes here: for every stream a batch touches it deletes the
-- stream's rows (WHERE stream_id = ANY(...)) and inserts the rows the model derived from the
-- stream's document (jsonb_populate_recordset), so column names are exactly the row struct's
-- JSON keys.
--
-- `due_on` is the day the window closes: the first day it is no longer open, as every period
-- in the domain is half-open. `open` stays true until the stream records the fact that settles
-- the deadline (`resolution` on `resolved_on`); the models read no clock, so an open row whose
-- `due_on` has passed is overdue, and "upcoming" is `open AND due_on >= current_date`.

CREATE TABLE deadlines_documents (
    stream_id text PRIMARY KEY,
    doc       jsonb NOT NULL
);

CREATE TABLE deadlines (
    stream_id        text NOT NULL,
    -- Unique within the stream: option-<n>, publication-review, term-end, internship-<n>,
    -- placement-end, application-window, commitment-period.
    deadline_key     text NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('option_expiry', 'publication_review', 'agreement_term_end',
                         'internship_end', 'placement_end', 'application_window_close', 'commitment_period_end')),
    -- The asset, output, agreement, placement, round or commitment id.
    subject          text NOT NULL,
    -- NULL when the stream does not name its lab (commitments).
    lab_id           text,
    -- The parties concerned, as the stream's own events name them; sorted, no duplicates.
    party_ids        text[] NOT NULL,
    due_on           date NOT NULL,
    description      text NOT NULL,
    open             boolean NOT NULL,
    resolution       text CHECK (resolution IN ('exercised', 'declined', 'lapsed', 'cleared', 'published', 'withdrawn',
                         'terminated', 'expired', 'ended', 'passed', 'closed')),
    resolved_on      date,
    stream_version   integer NOT NULL,
    updated_position bigint NOT NULL,
    PRIMARY KEY (stream_id, deadline_key),
    CHECK (open = (resolution IS NULL) AND (resolution IS NULL) = (resolved_on IS NULL))
);
-- Upcoming (and overdue) deadlines by day.
CREATE INDEX deadlines_open_due ON deadlines (due_on) WHERE open;
-- A party's deadlines: party_ids @> ARRAY['<party>'].
CREATE INDEX deadlines_party_ids ON deadlines USING gin (party_ids);
-- A lab's open deadlines by day.
CREATE INDEX deadlines_lab_open_due ON deadlines (lab_id, due_on) WHERE open;

GRANT SELECT, INSERT, UPDATE, DELETE ON deadlines_documents, deadlines TO labledger_app;

INSERT INTO projection_tables (projection, table_name) VALUES
    ('deadlines', 'deadlines_documents'),
    ('deadlines', 'deadlines');
