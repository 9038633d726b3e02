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

    @Test("a table written row by row is a replaced table of its projection, never its documents, a keyed table or an erasure's people table, and its rows are named within their stream")
    func diffedTablesAreReplacedTables() {
        #expect(ReadModels.all.contains { !$0.diffedTables.isEmpty })
        for projection in ReadModels.all {
            for (table, columns) in projection.diffedTables {
                #expect(projection.tables.contains(table), "\(projection.name): \(table) is declared")
                #expect(table != projection.documentsTable && projection.keyedTables[table] == nil, "\(projection.name): \(table)")
                #expect(!ReadModelProjection.erasurePeopleTables.contains(table), "\(table): an erasure finds stale documents by its rows")
                #expect(columns.first == "stream_id" && columns.count > 1, "\(table): \(columns)")
            }
        }
    }
}
