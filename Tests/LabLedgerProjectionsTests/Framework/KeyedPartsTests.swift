import Foundation
@testable import LabLedgerProjections
import LabLedgerReadModels
import Testing

@Suite("A large batch's keyed rows, a part to a statement")
struct KeyedPartsTests {
    static func rows(_ count: Int, unread: Set<RowKey> = []) -> KeyedRows {
        var rows = KeyedRows(unread: unread)
        for index in 0..<count { rows.write(encoded: Data(#"{"n":\#(index)}"#.utf8), RowKey("facts", ["s", "\(index)"])) }
        return rows
    }

    @Test("rows are split in order into parts of at most the size, each keeping the batch's unread keys")
    func partsInOrder() {
        let unread: Set<RowKey> = [RowKey("facts", ["s", "6"])]
        let parts = StreamProjector.parts(of: Self.rows(7, unread: unread), size: 3)
        #expect(parts.map(\.order.count) == [3, 3, 1])
        #expect(parts.flatMap(\.order) == (0..<7).map { RowKey("facts", ["s", "\($0)"]) })
        #expect(parts.flatMap { part in part.order.map { part.written[$0] } } == (0..<7).map { Data(#"{"n":\#($0)}"#.utf8) })
        #expect(parts.allSatisfy { $0.unread == unread })
    }

    @Test("a batch of exactly the size is one part, and a batch without keyed rows one empty part")
    func boundaries() {
        #expect(StreamProjector.parts(of: Self.rows(3), size: 3).map(\.order.count) == [3])
        #expect(StreamProjector.parts(of: Self.rows(0), size: 3).map(\.order.count) == [0])
    }
}
