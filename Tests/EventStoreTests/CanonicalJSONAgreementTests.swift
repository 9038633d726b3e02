@testable import EventStore
import TestSupport
import Foundation
import PostgresNIO
import Testing

/// The Swift printer must agree with PostgreSQL byte for byte, or hashes computed before the
/// insert would not match what `verify` recomputes from `data::text`.
@Suite("jsonb text: Swift agrees with PostgreSQL")
struct CanonicalJSONAgreementTests {
    @Test("2,000 generated documents print the same in Swift and in PostgreSQL")
    func generatedDocuments() async throws {
        let database = try await TestDatabase.make("canonical")
        var generator = DocumentGenerator(seed: 0x4C61_624C_6564_6765)
        let documents = (0..<2_000).map { _ in generator.object(depth: 0) }
        let fromDatabase: [String] = try await database.withConnection(as: database.provisioned.app) { connection in
            let rows = try await connection.query(
                "SELECT d::jsonb::text FROM unnest(\(documents)::text[]) WITH ORDINALITY AS x(d, n) ORDER BY n",
                logger: TestCluster.logger)
            var texts: [String] = []
            for try await text in rows.decode(String.self) { texts.append(text) }
            return texts
        }
        try #require(fromDatabase.count == documents.count)
        var deferred = 0
        for (document, expected) in zip(documents, fromDatabase) {
            switch CanonicalJSON.canonicalObject(Array(document.utf8)) {
            case .canonical(let text):
                #expect(text == expected, "document: \(document)")
                // jsonb's own output is a fixed point of the printer.
                #expect(CanonicalJSON.canonicalObject(Array(expected.utf8)) == .canonical(expected))
            case .needsDatabase:
                deferred += 1
            case .notAnObject:
                Issue.record("the generator made something that is not an object: \(document)")
            }
        }
        // Only documents with exponents go to the database; most must not.
        #expect(deferred < documents.count / 2)
    }
}

/// Random JSON objects with the awkward parts: duplicate and multi-byte keys, escapes,
/// control characters, surrogate pairs, signed zeros, long decimals and some exponents.
struct DocumentGenerator {
    // Reproducible, so a failure names a document that fails again.
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    private mutating func next() -> UInt64 { random.next() }

    private mutating func pick<T>(_ choices: [T]) -> T { choices[Int(next() % UInt64(choices.count))] }

    private static let keys = ["a", "b", "ab", "ba", "id", "é", "ü", "深圳", "title", "x y", "k\\\"q", "a", "zz", "🚀", ""]
    private static let strings = [
        "", "plain", "Zoë – 深圳 🚀", "quote \\\" and backslash \\\\", "tab\\tnew\\nline\\r\\b\\f", "\\u00e9\\u4e2d",
        "\\ud83d\\ude80", "slash \\/ kept", "\\u0001\\u001f ctrl", "\\u007f del", "emoji 👩‍🔬", "trailing space ",
    ]
    private static let numbers = [
        "0", "-0", "-0.0", "1", "-1", "1.50", "3.14159", "123456789012345678901234567890", "0.000001", "-12.5000",
        "1e3", "2.5E-3", "1E+2", "-0e0",
    ]

    mutating func object(depth: Int) -> String {
        let count = Int(next() % (depth == 0 ? 6 : 4))
        let members = (0..<count).map { _ in "\"\(pick(Self.keys))\"" + pick([":", " : ", ":\n"]) + value(depth: depth + 1) }
        return "{" + members.joined(separator: pick([",", ", ", " ,\n"])) + "}"
    }

    private mutating func value(depth: Int) -> String {
        switch next() % (depth > 3 ? 4 : 6) {
        case 0: return "\"\(pick(Self.strings))\""
        case 1: return pick(Self.numbers)
        case 2: return pick(["true", "false", "null"])
        case 3: return "\"\(pick(Self.strings))\(pick(Self.strings))\""
        case 4: return object(depth: depth)
        default:
            let count = Int(next() % 4)
            return "[" + (0..<count).map { _ in value(depth: depth + 1) }.joined(separator: pick([",", ", "])) + "]"
        }
    }
}
