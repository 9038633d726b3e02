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

    /// A row of a table written row by row is deleted by the key its model gives it: a key that
    /// is not the row's own would leave the old row and refuse the new one.
    @Test("over a generated history, every row of a table written row by row carries its key: its own values of the declared columns, unique in its stream")
    func rowsCarryTheirOwnKeys() throws {
        let history = GeneratedStreams.of(seed: 2018, events: 4_000)
        var checked: [String: Int] = [:]
        for projection in ReadModels.all where !projection.diffedTables.isEmpty {
            for (stream, all) in history {
                guard let model = projection.model(for: stream) else { continue }
                let events = all.filter { projection.eventTypes.contains($0.type) }
                guard !events.isEmpty else { continue }
                let rows = try model.fold(nil, stream, events).rows
                for (table, columns) in projection.diffedTables {
                    let written = rows.tables[table] ?? []
                    let keys = rows.keys[table] ?? []
                    #expect(written.count == keys.count, "\(table) of \(stream): \(written.count) rows, \(keys.count) keys")
                    for (row, key) in zip(written, keys) {
                        let object = try #require(try JSONSerialization.jsonObject(with: row) as? [String: Any])
                        #expect(columns.map { column in object[column].map { "\($0)" } ?? "-" } == key, "\(table) of \(stream)")
                    }
                    #expect(Set(keys).count == keys.count, "\(table) of \(stream): keys are unique")
                    checked[table, default: 0] += written.count
                }
            }
        }
        let declared = Set(ReadModels.all.flatMap(\.diffedTables.keys))
        #expect(Set(checked.filter { $0.value > 0 }.keys) == declared, "the history writes rows of every such table: \(checked)")
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
