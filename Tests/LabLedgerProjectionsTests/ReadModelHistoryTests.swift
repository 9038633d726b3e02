import EventStore
import Foundation
import LabLedgerHistory
import LabLedgerProjections
import LabLedgerReadModels
import Logging
import PostgresNIO
import Testing
import TestSupport

@Suite("Read models over a generated history")
struct ReadModelHistoryTests {
    @Test("10,000 events over every aggregate: every event applies, and the incremental tables equal a rebuild, table for table")
    func incrementalEqualsRebuild() async throws {
        let database = try await TestDatabase.make("history")
        let history = Array(HistoryGenerator(seed: 2018, events: 10_000))
        let expected = Dictionary(uniqueKeysWithValues: ReadModels.all.map { projection in
            (projection.name, Int64(history.flatMap(\.events).filter { projection.eventTypes.contains($0.type) }.count))
        })
        try await database.withStore { store in
            // The worker follows while the history is appended, so it sees it in pages of every size.
            var options = WorkerHarness.options(batchSize: 300)
            options.rebuildBatchSize = 2_000
            // Live pages (300 events) fold on one core, rebuild pages in up to four slices
            // whatever the machine has: the tables must not depend on how a page was split.
            options.foldParallelism = 4
            // Catch-up and rebuild pages (2,000 events) are folded 700 at a time and each touched
            // stream written once at the page's end, their keyed rows 50 to a statement; live
            // pages are written as they fold.
            let worker = ProjectionWorker(
                projectors: ReadModels.all.map { StreamProjector($0, foldChunk: 700, keyedSlice: 50) }, store: store, options: options,
                logger: TestCluster.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            try await append(history, to: store)

            let harness = WorkerHarness(database: database)
            for projection in ReadModels.all {
                #expect(try await eventually(seconds: 120) { try await harness.status(projection.name)?.eventsApplied == expected[projection.name] },
                        "\(projection.name) applied every event of its types")
            }
            let statuses = try await database.withConnection(as: database.provisioned.app) {
                try await ProjectionStatus.all(on: $0, logger: TestCluster.logger)
            }
            #expect(statuses.allSatisfy { $0.openDeadLetters == 0 && $0.state == .running }, "\(statuses.filter { $0.openDeadLetters > 0 })")
            let incremental = try await dump(database)
            #expect(incremental.values.allSatisfy { $0.rows >= 0 })
            #expect(ReadModels.all.allSatisfy { (incremental[$0.documentsTable]?.rows ?? 0) > 0 })
            // The keyed tables are compared below too; the history fills each of them.
            for table in ReadModels.all.flatMap(\.keyedTables.keys).sorted() {
                #expect((incremental[table]?.rows ?? 0) > 0, "the history writes rows of \(table)")
            }
            // Tables written row by row kept rows a later page of their stream left alone (the
            // document was written again, the row was not), and still equal the rebuilds below.
            for projection in ReadModels.all {
                for table in projection.diffedTables.keys.sorted() {
                    #expect(try await database.count("""
                        SELECT count(*) FROM \(table) t JOIN \(projection.documentsTable) d USING (stream_id) WHERE t.xmin::text <> d.xmin::text
                        """) > 0, "\(table): some rows outlived a later write of their document")
                }
            }
            #expect(Set(ReadModels.all.flatMap(\.diffedTables.keys)) == Set(IPAssetTables.diffed.keys).union(["output_parties", "output_people", "round_startups"]))

            // Rebuilt twice: first with every stream's rows written once at the rebuild's end (the
            // default), then with rows written per page (what a rebuild whose rows were refused
            // falls back to). Each must equal the incremental tables.
            try await rebuild(database, harness: harness, expected: expected, generation: 2)
            let rebuilt = try await dump(database)
            for table in incremental.keys.sorted() {
                #expect(rebuilt[table] == incremental[table], "\(table) differs between the incremental and the rebuilt model")
            }
            // The rows were written apart from the documents, at the end, except where an erasure
            // finds documents by their rows.
            #expect(ReadModels.all.filter { !$0.writesRowsAtRebuildEnd }.map(\.name).sorted() == ["directory", "placements"])
            for projection in ReadModels.all {
                for table in projection.tables where table != projection.documentsTable && projection.keyedTables[table] == nil {
                    // Deferred: no row shares its document's transaction; not deferred: every row does.
                    let comparison = projection.writesRowsAtRebuildEnd ? "=" : "<>"
                    #expect(try await database.count("""
                        SELECT count(*) FROM \(table) t JOIN \(projection.documentsTable) d USING (stream_id) WHERE t.xmin::text \(comparison) d.xmin::text
                        """) == 0, "\(table): rows written \(projection.writesRowsAtRebuildEnd ? "with" : "apart from") their documents")
                }
            }

            running.cancel()
            _ = await running.result
            options.rebuildRowsAtEnd = false
            let perPage = ProjectionWorker(
                projectors: ReadModels.all.map { StreamProjector($0, foldChunk: 700, keyedSlice: 50) }, store: store, options: options,
                logger: TestCluster.logger)
            let again = Task { try await perPage.run() }
            defer { again.cancel() }
            try await rebuild(database, harness: harness, expected: expected, generation: 3)
            let rebuiltPerPage = try await dump(database)
            for table in incremental.keys.sorted() {
                #expect(rebuiltPerPage[table] == incremental[table], "\(table) differs between the incremental model and one rebuilt per page")
            }
            // Written per page: each projection's rows in the transaction of their stream's
            // document, but for the tables written row by row, whose unchanged rows stay as an
            // earlier page wrote them.
            for projection in ReadModels.all {
                for table in projection.tables
                where table != projection.documentsTable && projection.keyedTables[table] == nil && projection.diffedTables[table] == nil {
                    #expect(try await database.count("""
                        SELECT count(*) FROM \(table) t JOIN \(projection.documentsTable) d USING (stream_id) WHERE t.xmin::text <> d.xmin::text
                        """) == 0, "\(table): rows written apart from their documents")
                }
            }
        }
    }

    /// Requests a rebuild of every projection and waits for each to swap in as `generation`.
    func rebuild(_ database: TestDatabase, harness: WorkerHarness, expected: [String: Int64], generation: Int) async throws {
        try await database.withConnection(as: database.provisioned.app) { connection in
            for projection in ReadModels.all {
                try await ProjectionControl.requestRebuild(projection.name, on: connection, logger: TestCluster.logger)
            }
        }
        for projection in ReadModels.all {
            #expect(try await eventually(seconds: 120) { try await harness.status(projection.name)?.generation == generation })
        }
        // Each rebuild page (2,000 events) wrote its documents in one transaction, not refused
        // and applied again event by event (which would leave the same tables).
        for projection in ReadModels.all {
            let pages = ((expected[projection.name] ?? 0) + 1_999) / 2_000
            #expect(try await database.count("SELECT count(DISTINCT xmin::text) FROM \(projection.documentsTable)") <= pages, "\(projection.name): a rebuild page fell back to single events")
        }
    }

    /// Appends the generated history in order, each append with its expected version.
    func append(_ history: [GeneratedAppend], to store: PostgresEventStore) async throws {
        for append in history {
            let events = append.events.map {
                EventData(type: $0.type, schemaVersion: $0.schemaVersion, data: $0.data,
                          metadata: EventMetadata(actor: "history"), occurredAt: append.occurredAt)
            }
            let expected: ExpectedVersion = append.expectedVersion == 0 ? .noStream : .exact(append.expectedVersion)
            try await store.append(to: append.stream.rawValue, expected: expected, events)
        }
    }

    struct TableDump: Equatable, CustomStringConvertible {
        var rows: Int
        var md5: String
        var description: String { "\(rows) rows, md5 \(md5)" }
    }

    /// Every read-model table: its row count and the MD5 of its rows in text form, ordered.
    func dump(_ database: TestDatabase) async throws -> [String: TableDump] {
        try await database.withConnection(as: database.provisioned.app) { connection in
            var dumps: [String: TableDump] = [:]
            for table in ReadModels.all.flatMap(\.tables) {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT count(*)::int, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \(table) t"),
                    logger: TestCluster.logger)
                for try await (count, md5) in rows.decode((Int, String).self) { dumps[table] = TableDump(rows: count, md5: md5) }
            }
            return dumps
        }
    }
}
