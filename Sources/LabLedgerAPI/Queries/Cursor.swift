import Foundation
import LabLedgerDomain

/// An opaque page cursor: the sort key of the last row a page returned, base64url-encoded
/// JSON. The next page reads rows strictly after it, so pages stay stable while rows are added.
struct Cursor: Sendable, Equatable {
    var keys: [String]

    init(_ keys: [String]) { self.keys = keys }

    var token: String { Self.token(keys) }

    /// `keys` as a token: base64url of their JSON (a list of optional strings always encodes).
    static func token(_ keys: [String?]) -> String {
        ((try? JSONEncoder().encode(keys)) ?? Data("[]".utf8)).base64URL
    }

    /// Parses `?after=`; 400 naming the parameter when it is not one of ours.
    static func parse(_ token: String?, keys count: Int) throws -> Cursor? {
        guard let token else { return nil }
        guard let data = json(token), let keys = try? JSONDecoder().decode([String].self, from: data), keys.count == count,
            // PostgreSQL refuses NUL in text parameters; no key this API hands out holds one.
            keys.allSatisfy({ !$0.contains("\u{0}") })
        else { throw notOurs }
        return Cursor(keys)
    }

    /// The JSON inside a token, nil when it is no base64url or longer than `limit`, the longest
    /// token of ours the caller can meet.
    static func json(_ token: String, limit: Int = 2_000) -> Data? {
        guard token.count <= limit else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    /// Key `index` as a date (`YYYY-MM-DD`), checked before it reaches a query's `::date` cast:
    /// a forged cursor is a 400, not a failed cast.
    func date(at index: Int) throws -> String {
        guard (try? LocalDate(parsing: keys[index])) != nil else { throw Self.notOurs }
        return keys[index]
    }

    /// Key `index` as an integer, for the same reason.
    func integer(at index: Int) throws -> Int {
        guard let value = Int(keys[index]) else { throw Self.notOurs }
        return value
    }

    /// The 400 for an `?after=` this list did not hand out (also for a well-formed cursor whose
    /// keys do not parse as the list's sort key).
    static var notOurs: Problem {
        Problem.invalid("#query/after", code: "invalid-cursor", "Not a cursor of this list; pass `next` from the previous page.")
    }
}

/// `?limit=`: 1–1000, 100 when absent.
enum PageSize {
    static func parse(_ limit: Int?) throws -> Int {
        let value = limit ?? 100
        if let problem = problem(value) { throw Problem.invalid([problem]) }
        return value
    }

    /// What is wrong with `limit`, for a handler that names every bad field in one answer.
    static func problem(_ limit: Int) -> FieldProblem? {
        (1...1_000).contains(limit) ? nil : FieldProblem(pointer: "#query/limit", code: "invalid-limit", detail: "limit is 1 to 1000.")
    }
}
