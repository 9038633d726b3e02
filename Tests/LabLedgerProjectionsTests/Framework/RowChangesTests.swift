import Foundation
@testable import LabLedgerProjections
import Testing

@Suite("Rows written only when they change")
struct RowChangesTests {
    static let a = Data(#"{"stream_id":"s-1","viewer":"a","answer":{"n":1}}"#.utf8)
    static let b = Data(#"{"stream_id":"s-1","viewer":"b","answer":{"n":1}}"#.utf8)
    static let b2 = Data(#"{"stream_id":"s-1","viewer":"b","answer":{"n":2}}"#.utf8)
    static let c = Data(#"{"stream_id":"s-1","viewer":"c","answer":{"n":1}}"#.utf8)

    static func plan(_ previous: [WrittenRow]?, existed: Bool, _ rows: [Data], _ keys: [[String]]) throws -> RowChanges {
        try RowChanges.plan(previous: previous, existed: existed, stream: "s-1", table: "t", columns: 2, rows: rows, keys: keys)
    }

    @Test("with nothing known of a stream, its rows are replaced whole when it existed, and only inserted when it is new")
    func unknownStreamsAreReplacedWhole() throws {
        let existed = try Self.plan(nil, existed: true, [Self.b, Self.a], [["s-1", "b"], ["s-1", "a"]])
        #expect(existed.replacesWhole)
        #expect(existed.rows == [Self.b, Self.a])
        #expect(existed.gone.isEmpty)
        #expect(existed.written == [WrittenRow(key: "1:a", digest: RowDigest(Self.a)), WrittenRow(key: "1:b", digest: RowDigest(Self.b))])

        let new = try Self.plan(nil, existed: false, [Self.a], [["s-1", "a"]])
        #expect(!new.replacesWhole)
        #expect(new.rows == [Self.a])
    }

    @Test("against what was written, only new and changed rows are sent, with the keys of the rows they replace and of those that went away")
    func onlyChangesAreSent() throws {
        let before = try Self.plan(nil, existed: false, [Self.a, Self.b, Self.c], [["s-1", "a"], ["s-1", "b"], ["s-1", "c"]])
        let d = Data(#"{"stream_id":"s-1","viewer":"d","answer":{}}"#.utf8)
        let after = try Self.plan(before.written, existed: true, [Self.a, Self.b2, d], [["s-1", "a"], ["s-1", "b"], ["s-1", "d"]])
        #expect(!after.replacesWhole)
        #expect(after.rows == [Self.b2, d], "a is the same bytes; b changed; d is new")
        #expect(after.gone == [["s-1", "b"], ["s-1", "c"]], "b's old row is deleted by key before its new one goes in; c is gone")
        #expect(after.written.map(\.key) == ["1:a", "1:b", "1:d"])

        let unchanged = try Self.plan(after.written, existed: true, [Self.a, Self.b2, d], [["s-1", "a"], ["s-1", "b"], ["s-1", "d"]])
        #expect(unchanged.rows.isEmpty && unchanged.gone.isEmpty && !unchanged.replacesWhole)
        #expect(unchanged.written == after.written)
    }

    @Test("a row kept as last written is neither sent nor deleted, and stays in what the table holds with its old digest")
    func keptRowsStayAsWritten() throws {
        let before = try Self.plan(nil, existed: false, [Self.a, Self.b, Self.c], [["s-1", "a"], ["s-1", "b"], ["s-1", "c"]])
        let after = try RowChanges.plan(
            previous: before.written, existed: true, stream: "s-1", table: "t", columns: 2, rows: [Self.b2], keys: [["s-1", "b"]],
            kept: [["s-1", "c"], ["s-1", "a"]])
        #expect(after.rows == [Self.b2])
        #expect(after.gone == [["s-1", "b"]], "only b's old row is deleted; a and c are kept")
        #expect(after.written == [
            WrittenRow(key: "1:a", digest: RowDigest(Self.a)), WrittenRow(key: "1:b", digest: RowDigest(Self.b2)),
            WrittenRow(key: "1:c", digest: RowDigest(Self.c)),
        ])
    }

    @Test("a row kept that was never written, or kept while nothing is known of the stream, is refused: it would be lost")
    func keepingAnUnwrittenRowIsRefused() throws {
        let before = try Self.plan(nil, existed: false, [Self.a], [["s-1", "a"]])
        #expect(throws: ProjectionSetupError.keptRowNotWritten(table: "t", key: ["s-1", "b"])) {
            try RowChanges.plan(previous: before.written, existed: true, stream: "s-1", table: "t", columns: 2, rows: [], keys: [], kept: [["s-1", "b"]])
        }
        #expect(throws: ProjectionSetupError.keptRowNotWritten(table: "t", key: ["s-1", "a"])) {
            try RowChanges.plan(previous: nil, existed: true, stream: "s-1", table: "t", columns: 2, rows: [], keys: [], kept: [["s-1", "a"]])
        }
    }

    @Test("a key given twice, kept and added or kept twice, is refused: either row's digest could stay in memory")
    func aKeyGivenTwiceIsRefused() throws {
        let before = try Self.plan(nil, existed: false, [Self.a, Self.b], [["s-1", "a"], ["s-1", "b"]])
        #expect(throws: ProjectionSetupError.rowKeyRepeated(table: "t", key: ["s-1", "b"])) {
            try RowChanges.plan(
                previous: before.written, existed: true, stream: "s-1", table: "t", columns: 2, rows: [Self.b2], keys: [["s-1", "b"]],
                kept: [["s-1", "b"]])
        }
        #expect(throws: ProjectionSetupError.rowKeyRepeated(table: "t", key: ["s-1", "a"])) {
            try RowChanges.plan(
                previous: before.written, existed: true, stream: "s-1", table: "t", columns: 2, rows: [], keys: [], kept: [["s-1", "a"], ["s-1", "a"]])
        }
    }

    @Test("a key is kept without the stream's id, each value with its length, and read back whatever its values hold")
    func keysRoundTrip() throws {
        for values in [["s-1", "a"], ["s-1", "affiliation", "cuhk-shenzhen"], ["s-1", "", "x"], ["s-1", "2:3", ":"], ["s-1", "\u{301}é", "深圳"]] {
            let key = try WrittenRow.key(values, of: "s-1", table: "t", columns: values.count)
            #expect(WrittenRow.values(key, of: "s-1") == values, "\(values) as \(key)")
        }
        #expect(throws: ProjectionSetupError.self, "a key must start with the stream's id") {
            try WrittenRow.key(["s-2", "a"], of: "s-1", table: "t", columns: 2)
        }
        #expect(throws: ProjectionSetupError.self, "a key has a value per key column") {
            try WrittenRow.key(["s-1", "a"], of: "s-1", table: "t", columns: 3)
        }
    }

    @Test("digests tell rows apart by their bytes")
    func digestsDifferByBytes() {
        #expect(RowDigest(Self.b) != RowDigest(Self.b2))
        #expect(RowDigest(Self.b) == RowDigest(Data(Self.b)))
        #expect(Set([RowDigest(Self.a), RowDigest(Self.b), RowDigest(Self.a)]).count == 2)
    }
}
