import Foundation
import Testing

/// PostgreSQL resolves a bare name in ORDER BY to an output column before a table column, so
/// `SELECT transaction_id::text … ORDER BY transaction_id` sorts the text ("990" after "1562"),
/// not the xid8. That put a test's "last event" at the wrong place and made a benchmark's
/// baseline sort a million rows as text. Every SQL literal in the package is checked for it.
@Suite struct OrderByCastedColumnTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The names ORDER BY would take from a cast output column of the SELECT list before it.
    static func shadowed(in sql: String) -> [String] {
        guard let order = sql.range(of: "ORDER BY") else { return [] }
        let select = String(sql[..<order.lowerBound])
        // `name::type` or `alias.name::type`, not renamed with AS and not part of a larger
        // expression (`||`), keeps `name` as its output column's name.
        let cast = /(?:\b\w+\.)?\b(\w+)::(?:text|int|int4|int8|bigint|float8|numeric)\b(?!\s*(?:AS\b|\|\||\[|\())/.ignoresCase()
        let names = Set(select.matches(of: cast).map { String($0.output.1) })
        var found: [String] = []
        for clause in sql.matches(of: /ORDER BY ([^\n;)]*)/) {
            for key in clause.output.1.split(separator: ",") {
                guard let first = key.split(separator: " ").first.map(String.init), !first.contains(".") else { continue }
                if names.contains(first) { found.append(first) }
            }
        }
        return found
    }

    @Test func theCheckFindsTheMistakeItIsFor() {
        #expect(Self.shadowed(in: "SELECT transaction_id::text, global_position FROM events ORDER BY transaction_id, global_position") == ["transaction_id"])
        #expect(Self.shadowed(in: "SELECT e.transaction_id::text FROM events e ORDER BY e.transaction_id").isEmpty)
        #expect(Self.shadowed(in: "SELECT transaction_id::text AS tx FROM events ORDER BY transaction_id").isEmpty)
        #expect(Self.shadowed(in: "SELECT transaction_id::text || '.' || global_position FROM events ORDER BY transaction_id DESC").isEmpty)
    }

    @Test func noQueryOrdersByTheTextOfACastColumn() throws {
        var checked = 0
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "bench", "faults"] {
            let base = Self.root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                // Multi-line string literals, where this code base writes its SQL.
                for literal in text.matches(of: /"""(?s)(.*?)"""/) {
                    let sql = String(literal.output.1)
                    guard sql.contains("ORDER BY") else { continue }
                    checked += 1
                    for name in Self.shadowed(in: sql) {
                        offenders.append("\(file.path.replacingOccurrences(of: Self.root.path + "/", with: "")): ORDER BY \(name)")
                    }
                }
            }
        }
        #expect(checked > 30, "read only \(checked) queries with ORDER BY under \(Self.root.path)")
        #expect(offenders.isEmpty, "ORDER BY a bare name that a cast output column shadows:\n\(offenders.joined(separator: "\n"))")
    }
}
