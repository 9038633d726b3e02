import Foundation
import LabLedgerReadModels
import Testing

@Suite("Read-model rows")
struct ReadModelRowsTests {
    struct Row: Codable, Equatable {
        let stream_id: String
        let amount: Int
    }

    @Test("rows keep the order they were added in, per table, and encode with sorted keys")
    func rowsPerTable() throws {
        var rows = ReadModelRows()
        try rows.add(Row(stream_id: "lab-a", amount: 2), to: "t1")
        try rows.add(Row(stream_id: "lab-a", amount: 1), to: "t1")
        try rows.add(Row(stream_id: "lab-a", amount: 3), to: "t2")
        #expect(try rows.rows(Row.self, in: "t1") == [Row(stream_id: "lab-a", amount: 2), Row(stream_id: "lab-a", amount: 1)])
        #expect(try rows.rows(Row.self, in: "t2").map(\.amount) == [3])
        #expect(String(decoding: try #require(rows.tables["t2"]?.first), as: UTF8.self) == #"{"amount":3,"stream_id":"lab-a"}"#)
    }
}
