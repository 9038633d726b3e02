import EventStore
import LabLedgerContract
import LabLedgerDomain

/// The filters of `GET /v1/events` from the query string, every bad field reported at once.
enum HistoryFilterQuery {
    static let maxValues = 100

    static func parse(_ query: Operations.ListEvents.Input.Query) throws -> HistoryFilter {
        var fields = Fields()
        let types = list(&fields, "#query/types", query.types) { text throws(ValueError) in
            guard (1...200).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }) else {
                throw ValueError(code: "history.invalid-type", message: "An event type is 1 to 200 letters, digits, '.', '_' or '-'; '\(text)' is not.")
            }
            return text
        }
        let categories = list(&fields, "#query/category", query.category) { text throws(ValueError) in
            try StreamCategory(parsing: text).rawValue
        }
        let party = fields.optional("#query/party", query.party) { try PartyID(parsing: $0).rawValue }
        let occurredFrom = timestamp(&fields, "#query/occurredFrom", query.occurredFrom)
        let occurredTo = timestamp(&fields, "#query/occurredTo", query.occurredTo)
        let recordedFrom = timestamp(&fields, "#query/recordedFrom", query.recordedFrom)
        let recordedTo = timestamp(&fields, "#query/recordedTo", query.recordedTo)
        if let from = occurredFrom, let to = occurredTo {
            fields.require(from <= to, "#query/occurredTo", code: "history.range-reversed", "occurredTo is before occurredFrom.")
        }
        if let from = recordedFrom, let to = recordedTo {
            fields.require(from <= to, "#query/recordedTo", code: "history.range-reversed", "recordedTo is before recordedFrom.")
        }
        guard fields.ok else { throw fields.failure }
        return HistoryFilter(
            types: types, categories: categories, party: party,
            occurredFromMicros: occurredFrom, occurredToMicros: occurredTo,
            recordedFromMicros: recordedFrom, recordedToMicros: recordedTo)
    }

    /// A repeatable parameter whose values may also be comma-separated lists: every value,
    /// each checked by `make`, no duplicates, in the order given; nil when absent.
    private static func list(
        _ fields: inout Fields, _ pointer: String, _ raw: [String]?, _ make: (String) throws(ValueError) -> String
    ) -> [String]? {
        guard let raw else { return nil }
        let items = raw.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard items.count <= maxValues else {
            fields.fail(pointer, code: "list.too-many-items", "At most \(maxValues) values.")
            return nil
        }
        var values: [String] = []
        for item in items {
            guard let value = fields.value(pointer, { () throws(ValueError) in try make(item) }) else { continue }
            if !values.contains(value) { values.append(value) }
        }
        return values.isEmpty ? nil : values
    }

    static func timestamp(_ fields: inout Fields, _ pointer: String, _ raw: String?) -> Int64? {
        guard let raw else { return nil }
        guard let micros = RFC3339.microseconds(raw) else {
            fields.fail(pointer, code: "invalid-timestamp", "Not an RFC 3339 date-time with an offset (e.g. 2019-06-01T00:00:00Z, at most 6 fractional digits): '\(raw.prefix(60))'.")
            return nil
        }
        return micros
    }
}
