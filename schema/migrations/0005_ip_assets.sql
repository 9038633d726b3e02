-- The ip_assets read model: where shared IP stands, per asset and per party.
-- Sources/LabLedgerReadModels/IPAssets/ folds each ipasset-… stream into one document
-- (ip_assets_documents) and derives every other row from that document, so the worker replaces
-- a stream's rows wholesale (DELETE … WHERE stream_id, then INSERT) and incremental equals
-- rebuild. Columns are named after the row types' keys (IPAssetTables), which the worker inserts
-- with jsonb_populate_recordset.
--
-- No column depends on the clock: an option is `open` until its exercise, decline or lapse is
-- recorded, and `expires_on` / `in_force_until` are the first days no longer covered, for the
-- query to compare with the date it asks about.
--
-- Index names are PostgreSQL's defaults (<table>_<columns>_idx, <table>_pkey), which are also
-- the names a rebuild's copies get back when projection_swap_rebuild strips `__rebuild`.

-- The folded stream: the domain's IPAssetState plus what the read model adds (stream version,
-- last position, ownership history, consents, reasons). Licence availability is answered from it
-- by the domain's own code (IPAssetReadModel.availability).
CREATE TABLE ip_assets_documents (
    stream_id text PRIMARY KEY,
    doc jsonb NOT NULL CHECK (jsonb_typeof(doc) = 'object')
);

CREATE TABLE ip_assets (
    stream_id text PRIMARY KEY,
    asset_id text NOT NULL,
    lab_id text NOT NULL,
    agreement_id text NOT NULL,
    title text NOT NULL,
    disclosed_on date NOT NULL,
    from_outputs text[] NOT NULL,
    ownership_determined_on date,
    owner_count integer NOT NULL CHECK (owner_count >= 0),
    inventor_count integer NOT NULL CHECK (inventor_count >= 0),
    option_count integer NOT NULL CHECK (option_count >= 0),
    licence_count integer NOT NULL CHECK (licence_count >= 0),
    application_count integer NOT NULL CHECK (application_count >= 0),
    -- granted: a patent in force; filed: an application pending and none in force; lapsed: every
    -- granted patent lapsed and none pending; none: nothing filed.
    patent_status text NOT NULL CHECK (patent_status IN ('none', 'filed', 'granted', 'lapsed')),
    stream_version integer NOT NULL CHECK (stream_version >= 1),
    updated_position bigint NOT NULL
);
CREATE INDEX ip_assets_asset_id_idx ON ip_assets (asset_id);
CREATE INDEX ip_assets_lab_id_idx ON ip_assets (lab_id);
CREATE INDEX ip_assets_agreement_id_idx ON ip_assets (agreement_id);

-- Every party with a part in an asset: GET /v1/ip-assets?party= and "a party sees only what it
-- is a party to". Roles: owner, former_owner, licensor, licensee, option_sponsor.
CREATE TABLE ip_asset_parties (
    stream_id text NOT NULL,
    asset_id text NOT NULL,
    party_id text NOT NULL,
    roles text[] NOT NULL CHECK (cardinality(roles) >= 1
        AND roles <@ ARRAY['owner', 'former_owner', 'licensor', 'licensee', 'option_sponsor']),
    -- The current ownership share; null for a party that owns none.
    share_basis_points integer CHECK (share_basis_points BETWEEN 1 AND 10000),
    PRIMARY KEY (stream_id, party_id)
);
CREATE INDEX ip_asset_parties_party_id_asset_id_idx ON ip_asset_parties (party_id, asset_id);

-- Inventors are natural persons (ORCID iDs): apart from the parties, so that personal data can
-- be found, restricted or erased on its own.
CREATE TABLE ip_asset_people (
    stream_id text NOT NULL,
    asset_id text NOT NULL,
    orcid text NOT NULL,
    share_basis_points integer NOT NULL CHECK (share_basis_points BETWEEN 1 AND 10000),
    PRIMARY KEY (stream_id, orcid)
);
CREATE INDEX ip_asset_people_orcid_idx ON ip_asset_people (orcid);

CREATE TABLE ip_asset_options (
    stream_id text NOT NULL,
    asset_id text NOT NULL,
    option_number integer NOT NULL CHECK (option_number >= 1),
    sponsor_id text NOT NULL,
    fields text[] NOT NULL,
    granted_on date NOT NULL,
    -- The first day the option is no longer open.
    expires_on date NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'exercised', 'declined', 'lapsed')),
    resolved_on date CHECK ((status = 'open') = (resolved_on IS NULL)),
    -- The first day its fields are free for others again.
    reserved_until date NOT NULL,
    PRIMARY KEY (stream_id, option_number)
);
CREATE INDEX ip_asset_options_sponsor_id_idx ON ip_asset_options (sponsor_id);
-- Deadlines: the open options by expiry.
CREATE INDEX ip_asset_options_expires_on_idx ON ip_asset_options (expires_on) WHERE status = 'open';

-- Licences by field × territory × time.
CREATE TABLE ip_asset_licences (
    stream_id text NOT NULL,
    asset_id text NOT NULL,
    licence_id text NOT NULL,
    licensee_id text NOT NULL,
    licensors text[] NOT NULL,
    consents text[] NOT NULL,
    exclusivity text NOT NULL CHECK (exclusivity IN ('exclusive', 'sole', 'non_exclusive')),
    fields text[] NOT NULL,
    territories text[] NOT NULL,
    term_from date NOT NULL,
    term_to date,
    terminated_on date,
    termination_reason text,
    -- The first day no longer in force: the earlier of term_to and terminated_on; null while
    -- open-ended.
    in_force_until date,
    sublicensable boolean NOT NULL,
    royalty_rate_basis_points integer NOT NULL CHECK (royalty_rate_basis_points BETWEEN 0 AND 10000),
    minimum_annual_minor_units bigint,
    minimum_annual_currency text CHECK ((minimum_annual_currency IS NULL) = (minimum_annual_minor_units IS NULL)),
    granted_on date NOT NULL,
    PRIMARY KEY (stream_id, licence_id)
);
CREATE INDEX ip_asset_licences_asset_id_licensee_id_idx ON ip_asset_licences (asset_id, licensee_id);
CREATE INDEX ip_asset_licences_licensee_id_idx ON ip_asset_licences (licensee_id);

-- Patent applications and what became of them; application and publication numbers apart.
CREATE TABLE ip_asset_patents (
    stream_id text NOT NULL,
    asset_id text NOT NULL,
    office text NOT NULL,
    application_number text NOT NULL,
    filed_on date NOT NULL,
    patent_number text,
    granted_on date,
    lapsed_on date,
    lapse_reason text,
    status text NOT NULL CHECK (status IN ('filed', 'granted', 'lapsed')),
    PRIMARY KEY (stream_id, application_number)
);
CREATE INDEX ip_asset_patents_application_number_idx ON ip_asset_patents (application_number);
CREATE INDEX ip_asset_patents_patent_number_idx ON ip_asset_patents (patent_number);

-- Royalties to date per licence and currency (a licence without reports has no row). The
-- reports period by period are in the document.
CREATE TABLE ip_asset_royalties (
    stream_id text NOT NULL,
    asset_id text NOT NULL,
    licence_id text NOT NULL,
    currency text NOT NULL,
    report_count integer NOT NULL CHECK (report_count >= 1),
    -- The end (first day after) of the latest period reported.
    reported_until date NOT NULL,
    net_sales_minor_units bigint NOT NULL,
    royalty_due_minor_units bigint NOT NULL,
    paid_minor_units bigint NOT NULL,
    outstanding_minor_units bigint NOT NULL,
    PRIMARY KEY (stream_id, licence_id, currency)
);

REVOKE ALL ON ip_assets_documents, ip_assets, ip_asset_parties, ip_asset_people, ip_asset_options, ip_asset_licences,
    ip_asset_patents, ip_asset_royalties FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON ip_assets_documents, ip_assets, ip_asset_parties, ip_asset_people, ip_asset_options,
    ip_asset_licences, ip_asset_patents, ip_asset_royalties TO labledger_app;

INSERT INTO projection_tables (projection, table_name) VALUES
    ('ip_assets', 'ip_assets_documents'),
    ('ip_assets', 'ip_assets'),
    ('ip_assets', 'ip_asset_parties'),
    ('ip_assets', 'ip_asset_people'),
    ('ip_assets', 'ip_asset_options'),
    ('ip_assets', 'ip_asset_licences'),
    ('ip_assets', 'ip_asset_patents'),
    ('ip_assets', 'ip_asset_royalties');
