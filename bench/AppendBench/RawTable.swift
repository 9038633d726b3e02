/// The raw baseline: a table of exactly the shape of `events`.
enum RawTable {
    /// The same columns, defaults, identity, CHECK constraints and indexes as `events`
    /// (LIKE … INCLUDING ALL copies everything but the triggers, which fire only on UPDATE,
    /// DELETE and TRUNCATE anyway).
    static let create = "CREATE TABLE raw_events (LIKE events INCLUDING ALL)"

    /// The payload both sides write: a research output registration of typical size.
    static let payload = #"{"lab": "machine-intelligence-joint-lab", "kind": "paper", "title": "Scalable graph neural networks for molecule property prediction", "doi": "10.48550/arxiv.1811.00001", "contributors": [{"orcid": "0000-0002-1825-0097", "creditRoles": ["conceptualization", "software"]}], "affiliations": ["cuhk-shenzhen", "tencent"], "date": "2018-11-01"}"#
    static let metadata = #"{"actor": "bench", "correlationId": "bench-run", "requestId": "bench"}"#
}
