import EventStore
import Foundation
import LabLedgerProjections
import LabLedgerReadModels
import Logging
import PostgresNIO
import Testing
import TestSupport

@Suite("A rebuild writes its rows once, at its end")
struct RebuildRowsAtEndTests {
    @Test("a rebuild's pages write documents only; the rows come after, in their own transactions, before the swap")
    func rowsWrittenAtTheEnd() async throws {
        let harness = try await WorkerHarness.make("rows_at_end")
        try await harness.database.withStore { store in
            let (worker, incremental) = try await Self.followThreeParts(harness, store)
            defer { worker.cancel() }

            #expect(try await harness.rebuildSwapped())
            #expect(try await harness.dump() == incremental)
            #expect(try await harness.status()?.openDeadLetters == 0)
            // Three pages of documents (2,406 events, 1,000 per page), three parts of rows, and
            // no row written in the transaction of its stream's document.
            #expect(try await harness.database.count("SELECT count(DISTINCT xmin::text) FROM counter_documents") == 3)
            #expect(try await harness.database.count("SELECT count(DISTINCT xmin::text) FROM counter_totals") == 3)
            #expect(try await harness.database.count("""
                SELECT count(*) FROM counter_totals t JOIN counter_documents d USING (stream_id) WHERE t.xmin::text = d.xmin::text
                """) == 0)
        }
    }

    @Test("a finish that fails after its first part is written in full again by the next session, which then swaps: no row lost or doubled")
    func interruptedFinishWrittenAgain() async throws {
        let harness = try await WorkerHarness.make("rows_at_end_interrupted")
        try await harness.database.withStore { store in
            let log = CapturedLog()
            let (worker, incremental) = try await Self.followThreeParts(harness, store, logger: log.logger)
            defer { worker.cancel() }

            // From now on the 501st row inserted into a totals table fails as a cancelled
            // statement does: the first row of the finish's second part (parts of 500 streams).
            // Not a refusal of what the row holds, so the session ends rather than the rebuild.
            // The rebuild's copy of the table takes the CHECK with it (LIKE … INCLUDING ALL);
            // a sequence counts the rows, as the failed transaction cannot roll it back.
            try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
                for statement in [
                    "CREATE SEQUENCE counter_rows_checked",
                    """
                    CREATE FUNCTION counter_fails_501st_row() RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER AS $$
                    BEGIN
                        IF nextval('counter_rows_checked') = 501 THEN
                            RAISE EXCEPTION 'the 501st row' USING ERRCODE = 'query_canceled';
                        END IF;
                        RETURN true;
                    END $$
                    """,
                    "GRANT EXECUTE ON FUNCTION counter_fails_501st_row() TO PUBLIC",
                    "ALTER TABLE counter_totals ADD CONSTRAINT fails_501st_row CHECK (counter_fails_501st_row()) NOT VALID",
                ] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestCluster.logger)
                }
            }
            #expect(try await harness.rebuildSwapped())
            #expect(try await harness.dump() == incremental)
            #expect(try await harness.status()?.openDeadLetters == 0)
            // The session failed once, at the second part, and its rows were not taken for refused.
            let failures = log.messages(at: .error).filter { $0.contains("the 501st row") }
            #expect(failures.count == 1, "\(log.messages(at: .error))")
            #expect(log.messages(at: .warning).allSatisfy { !$0.contains("the rebuilt rows were refused") })
            // 500 rows of the first part, the one that failed, then all 1,203 again, in three
            // parts: the next session wrote every row, the first part's too.
            #expect(try await harness.database.count("SELECT last_value::int FROM counter_rows_checked") == 500 + 1 + 1_203)
            #expect(try await harness.database.count("SELECT count(DISTINCT xmin::text) FROM counter_totals") == 3)
            #expect(try await harness.database.count("SELECT count(*) FROM counter_totals") == 1_203)
        }
    }

    @Test("the people tables the read models name for erasure are the ones the database's erasure purges")
    func erasurePeopleTablesMatchTheMigration() async throws {
        let database = try await TestDatabase.make("erasure_people_tables")
        let definition = try await database.withConnection(as: database.provisioned.app) { connection in
            var text = ""
            let rows = try await connection.query(
                "SELECT pg_get_functiondef('erase_person_from_read_models(text, date)'::regprocedure)", logger: TestCluster.logger)
            for try await value in rows.decode(String.self) { text = value }
            return text
        }
        // The function lists its (people, documents) pairs as quoted literals.
        let named = Set(definition.matches(of: /'([a-z_]+_people)'/).map { String($0.output.1) })
        #expect(named == ReadModelProjection.erasurePeopleTables)
        let declared = Set(ReadModels.all.flatMap(\.tables))
        #expect(named.isSubset(of: declared))
    }

    @Test("rows the database refuses at a rebuild's end start it over with rows written per page, which parks the event at fault")
    func refusedRowsRebuildPerPage() async throws {
        let harness = try await WorkerHarness.make("rows_at_end_refused")
        try await harness.database.withStore { store in
            let worker = harness.startWorker(store)
            defer { worker.cancel() }
            try await harness.count(store, "counter-ok", [1])
            try await harness.count(store, "counter-big", [400, 400])
            #expect(try await eventually { try await harness.totals() == ["counter-ok": 1, "counter-big": 800] })
            // A check the live rows already pass: the rebuild's copy of the table has it too.
            // The third event of counter-big breaks it; its document alone breaks nothing.
            try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
                try await connection.query(
                    "ALTER TABLE counter_totals ADD CONSTRAINT total_below_1000 CHECK (total < 1000)", logger: TestCluster.logger)
            }
            worker.cancel()
            _ = await worker.result
            let refused = try await store.append(to: "counter-big", expected: .any, [event("Counted", #"{"n": 400}"#)])
            try await harness.count(store, "counter-later", [5])

            var options = WorkerHarness.options()
            options.maxAttempts = 1
            let log = CapturedLog()
            let again = harness.startWorker(store, options: options, name: "again", logger: log.logger)
            defer { again.cancel() }
            // Live, the page is refused and the event parked.
            #expect(try await eventually { try await harness.status()?.openDeadLetters == 1 })
            #expect(try await harness.rebuildSwapped())
            let status = try #require(try await harness.status())
            #expect(status.openDeadLetters == 1)
            #expect(try await harness.totals() == ["counter-ok": 1, "counter-big": 800, "counter-later": 5])
            let letters = try await harness.database.withConnection(as: harness.database.provisioned.app) {
                try await DeadLetter.list(projection: "counter", on: $0, logger: TestCluster.logger)
            }
            let open = letters.filter { $0.generation == 2 }
            #expect(open.map(\.position) == [refused.positions[0]])
            #expect(open.first?.error.contains("total_below_1000") == true, "\(open.first?.error ?? "")")
            // The rebuild deferred its rows, had them refused at the end, and started over.
            let refusals = log.messages(at: .warning).filter { $0.contains("the rebuilt rows were refused") }
            #expect(refusals.count == 1, "\(log.messages(at: .warning))")
            #expect(refusals.first?.contains("total_below_1000") == true)
            // Written per page the second time: rows and documents in the same transactions.
            #expect(try await harness.database.count("""
                SELECT count(*) FROM counter_totals t JOIN counter_documents d USING (stream_id) WHERE t.xmin::text <> d.xmin::text
                """) == 0)
        }
    }

    /// 1,203 streams of two events, whose rows a rebuild writes in three parts of at most 500
    /// streams, followed by a worker (rebuild pages of 1,000 events) until the live tables hold
    /// them all: the worker, to cancel, and the live tables' dump.
    static func followThreeParts(
        _ harness: WorkerHarness, _ store: PostgresEventStore, logger: Logger = TestCluster.logger
    ) async throws -> (worker: Task<Void, any Error>, incremental: String) {
        var expected: [String: Int] = [:]
        for index in 0..<1_203 {
            try await harness.count(store, "counter-\(index)", [index % 7, 2])
            expected["counter-\(index)"] = index % 7 + 2
        }
        var options = WorkerHarness.options(batchSize: 100)
        options.rebuildBatchSize = 1_000
        let worker = harness.startWorker(store, options: options, logger: logger)
        do {
            #expect(try await eventually(seconds: 60) { try await harness.totals() == expected })
            return (worker, try await harness.dump())
        } catch {
            worker.cancel()
            throw error
        }
    }
}
