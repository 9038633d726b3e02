/// What an auditor narrows the global history to (`GET /v1/events`). Filters combine with AND;
/// the values of one list with OR. Timestamps are microseconds since the Unix epoch, compared
/// exactly (no floating point): `from` inclusive, `to` exclusive, as every period here is
/// half-open.
public struct HistoryFilter: Sendable, Equatable {
    public var types: [String]?
    /// Stream categories: the part of the stream id before its first '-'.
    public var categories: [String]?
    /// Events on streams the party is a party to (function `history_party_streams`) or recorded
    /// on its behalf (`metadata.onBehalfOf`).
    public var party: String?
    public var occurredFromMicros: Int64?
    public var occurredToMicros: Int64?
    public var recordedFromMicros: Int64?
    public var recordedToMicros: Int64?

    public init(
        types: [String]? = nil, categories: [String]? = nil, party: String? = nil,
        occurredFromMicros: Int64? = nil, occurredToMicros: Int64? = nil,
        recordedFromMicros: Int64? = nil, recordedToMicros: Int64? = nil
    ) {
        self.types = types
        self.categories = categories
        self.party = party
        self.occurredFromMicros = occurredFromMicros
        self.occurredToMicros = occurredToMicros
        self.recordedFromMicros = recordedFromMicros
        self.recordedToMicros = recordedToMicros
    }

    public static let none = HistoryFilter()

    public var isEmpty: Bool { self == .none }
}
