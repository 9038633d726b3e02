import Foundation
import Testing

/// PostgreSQL resolves a bare name in ORDER BY to an output column before a table column, so
/// `SELECT transaction_id::text … ORDER BY transaction_id` sorts the text ("990" after "1562"),
/// not the xid8. That put a test's "last event" at the wrong place and made a benchmark's
/// baseline sort a million rows by their text. The SQL of the package (Swift string literals holding
/// ORDER BY, and the migrations) is checked for a bare ORDER BY name that a converted output
/// column of the SELECT list before it shadows.
@Suite struct OrderByCastedColumnTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The names ORDER BY would take from a converted output column of the SELECT list before it.
    static func shadowed(in sql: String) -> [String] {
        var found: [String] = []
        var rest = Substring(sql)
        // Each ORDER BY is judged against the text since the previous one (a CTE, a UNION arm).
        while let order = rest.range(of: "ORDER BY") {
            let select = String(rest[..<order.lowerBound])
            var names = Set<String>()
            // `name::type` (or `alias.name::type`) keeps `name` as its output column's name, and so
            // does `… AS name`; `||`, an index or a call around it gives the column another name.
            // Simple word boundaries: by Unicode's rules `a.name` is one word, with no boundary at the dot.
            for match in select.matches(of: /(?:\b\w+\.)?\b(\w+)::\w+\b(?:\[\])?(?!\s*(?:\|\||\[|\())(?:\s+AS\s+(\w+))?/.ignoresCase().wordBoundaryKind(.simple)) {
                names.insert(String(match.output.2 ?? match.output.1))
            }
            for match in select.matches(of: /CAST\(\s*(?:\w+\.)?(\w+)\s+AS\s+\w+\s*\)(?:\s+AS\s+(\w+))?/.ignoresCase().wordBoundaryKind(.simple)) {
                names.insert(String(match.output.2 ?? match.output.1))
            }
            let clause = rest[order.upperBound...].prefix { $0 != "\n" && $0 != ";" && $0 != ")" }
            for key in clause.split(separator: ",") {
                guard let first = key.split(separator: " ").first.map(String.init), !first.contains(".") else { continue }
                if names.contains(first) { found.append(first) }
            }
            rest = rest[order.upperBound...]
        }
        return found
    }

    @Test func theCheckFindsTheMistakeItIsFor() {
        #expect(Self.shadowed(in: "SELECT transaction_id::text, global_position FROM events ORDER BY transaction_id, global_position") == ["transaction_id"])
        #expect(Self.shadowed(in: "SELECT a.drafted_on::text AS drafted_on FROM t a ORDER BY drafted_on") == ["drafted_on"])
        #expect(Self.shadowed(in: "SELECT CAST(due_on AS text) FROM deadlines ORDER BY due_on") == ["due_on"])
        #expect(Self.shadowed(in: "SELECT 1 ORDER BY x; SELECT position::varchar FROM t ORDER BY position") == ["position"])
        #expect(Self.shadowed(in: "SELECT e.transaction_id::text FROM events e ORDER BY e.transaction_id").isEmpty)
        #expect(Self.shadowed(in: "SELECT transaction_id::text AS tx FROM events ORDER BY transaction_id").isEmpty)
        #expect(Self.shadowed(in: "SELECT transaction_id::text || '.' || global_position FROM events ORDER BY transaction_id DESC").isEmpty)
    }

    /// Every string literal that holds an ORDER BY: multi-line ones first, then one-line ones.
    static func queries(inSwift text: String) -> [String] {
        var queries = text.matches(of: /"""(?s)(.*?)"""/).map { String($0.output.1) }
        let withoutBlocks = text.replacing(/"""(?s).*?"""/, with: "")
        queries += withoutBlocks.matches(of: /"((?:[^"\\\n]|\\.)*)"/).map { String($0.output.1) }
        return queries.filter { $0.contains("ORDER BY") }
    }

    @Test func noQueryOrdersByTheTextOfACastColumn() throws {
        var checked = 0
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "bench", "faults", "schema"] {
            let base = Self.root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where ["swift", "sql"].contains(file.pathExtension) {
                // This file's own examples are mistakes on purpose.
                guard file.lastPathComponent != "OrderByCastedColumnTests.swift" else { continue }
                let text = try String(contentsOf: file, encoding: .utf8)
                let queries = file.pathExtension == "sql" ? [text] : Self.queries(inSwift: text)
                for sql in queries {
                    checked += 1
                    for name in Self.shadowed(in: sql) {
                        offenders.append("\(file.path.replacingOccurrences(of: Self.root.path + "/", with: "")): ORDER BY \(name)")
                    }
                }
            }
        }
        #expect(checked > 60, "read only \(checked) queries with ORDER BY under \(Self.root.path)")
        #expect(offenders.isEmpty, "ORDER BY a bare name that a converted output column shadows:\n\(offenders.joined(separator: "\n"))")
    }
}
