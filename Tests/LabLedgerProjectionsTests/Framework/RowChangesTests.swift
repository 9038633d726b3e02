import Foundation
@testable import LabLedgerProjections
import Testing

@Suite("Rows written only when they change")
struct RowChangesTests {
    static let a = Data(#"{"stream_id":"s-1","viewer":"a","answer":{"n":1}}"#.utf8)
    static let b = Data(#"{"stream_id":"s-1","viewer":"b","answer":{"n":1}}"#.utf8)
    static let b2 = Data(#"{"stream_id":"s-1","viewer":"b","answer":{"n":2}}"#.utf8)
    static let c = Data(#"{"stream_id":"s-1","viewer":"c","answer":{"n":1}}"#.utf8)

    @Test("with nothing known of a stream, its rows are replaced whole when it existed, and only inserted when it is new")
    func unknownStreamsAreReplacedWhole() {
        let existed = RowChanges.plan(previous: nil, existed: true, rows: [Self.a, Self.b], keys: [["s-1", "a"], ["s-1", "b"]])
        #expect(existed.replacesWhole)
        #expect(existed.rows == [Self.a, Self.b])
        #expect(existed.gone.isEmpty)
        #expect(existed.written == [["s-1", "a"]: RowDigest(Self.a), ["s-1", "b"]: RowDigest(Self.b)])

        let new = RowChanges.plan(previous: nil, existed: false, rows: [Self.a], keys: [["s-1", "a"]])
        #expect(!new.replacesWhole)
        #expect(new.rows == [Self.a])
    }

    @Test("against what was written, only new and changed rows are sent, with the keys of the rows they replace and of those that went away")
    func onlyChangesAreSent() {
        let before = RowChanges.plan(previous: nil, existed: false, rows: [Self.a, Self.b, Self.c], keys: [["s-1", "a"], ["s-1", "b"], ["s-1", "c"]])
        let d = Data(#"{"stream_id":"s-1","viewer":"d","answer":{}}"#.utf8)
        let after = RowChanges.plan(
            previous: before.written, existed: true, rows: [Self.a, Self.b2, d], keys: [["s-1", "a"], ["s-1", "b"], ["s-1", "d"]])
        #expect(!after.replacesWhole)
        #expect(after.rows == [Self.b2, d], "a is the same bytes; b changed; d is new")
        #expect(after.gone == [["s-1", "b"], ["s-1", "c"]], "b's old row is deleted by key before its new one goes in; c is gone")
        #expect(after.written == [["s-1", "a"]: RowDigest(Self.a), ["s-1", "b"]: RowDigest(Self.b2), ["s-1", "d"]: RowDigest(d)])

        let unchanged = RowChanges.plan(previous: after.written, existed: true, rows: [Self.a, Self.b2, d], keys: [["s-1", "a"], ["s-1", "b"], ["s-1", "d"]])
        #expect(unchanged.rows.isEmpty && unchanged.gone.isEmpty && !unchanged.replacesWhole)
        #expect(unchanged.written == after.written)
    }

    @Test("digests tell rows apart by every byte")
    func digestsDifferByBytes() {
        #expect(RowDigest(Self.b) != RowDigest(Self.b2))
        #expect(RowDigest(Self.b) == RowDigest(Data(Self.b)))
        #expect(Set([RowDigest(Self.a), RowDigest(Self.b), RowDigest(Self.a)]).count == 2)
    }
}
