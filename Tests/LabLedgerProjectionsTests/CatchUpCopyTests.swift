import EventStore
import Foundation
import PostgresNIO
import Testing
import TestSupport

@testable import LabLedgerProjections

/// A live page of more than `foldChunk` events (a first build, a worker catching up) writes its
/// rows into the live tables by COPY, in the page's transaction, as a rebuild's pages do.
@Suite("A catch-up's rows by COPY")
struct CatchUpCopyTests {
    /// Every statement that inserts into `counter_totals`, as PostgreSQL saw it.
    private static let probe = [
        "CREATE TABLE inserts_seen (query text NOT NULL)",
        "GRANT INSERT, SELECT ON inserts_seen TO PUBLIC",
        """
        CREATE FUNCTION note_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO inserts_seen VALUES (current_query());
            RETURN NULL;
        END $$
        """,
        "CREATE TRIGGER note_insert AFTER INSERT ON counter_totals FOR EACH STATEMENT EXECUTE FUNCTION note_insert()",
    ]

    /// Live pages as large as catching up's: a page that reaches its limit ends in the middle of
    /// an append, and after a page that was not full (another test's transaction holding the
    /// gap-safe watermark back) the next would be a live one of `batchSize`.
    /// The statements `probe`'s trigger recorded, as PostgreSQL saw them.
    private static func insertsSeen(_ harness: WorkerHarness) async throws -> [String] {
        try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
            var queries: [String] = []
            for try await query in try await connection.query("SELECT query FROM inserts_seen", logger: TestCluster.logger).decode(String.self) {
                queries.append(query)
            }
            return queries
        }
    }

    private static func options() -> ProjectionWorkerOptions {
        var options = WorkerHarness.options(batchSize: 25_000)
        options.rebuildBatchSize = 25_000
        return options
    }

    /// Below every append the tests make but one (the big stream's last 50 events): a runner
    /// reads the history in one page, or in several where other tests' transactions hold the
    /// gap-safe watermark back, and no page reaches its limit (`options`), so a page holds
    /// whole appends.
    private static let foldChunk = 200

    /// 1,500 events over 3 streams, 500 to an append.
    private static func appendHistory(_ store: PostgresEventStore) async throws -> [String: Int] {
        var expected: [String: Int] = [:]
        for index in 0..<3 {
            let stream = "counter-\(index)"
            try await store.append(to: stream, expected: .any, (0..<500).map { n in event("Counted", #"{"n": \#(n % 7)}"#) })
            expected[stream] = (0..<500).reduce(0) { $0 + $1 % 7 }
        }
        return expected
    }

    @Test("a first build's page larger than the fold chunk inserts its rows by COPY, in one transaction")
    func firstBuildCopies() async throws {
        let harness = try await WorkerHarness.make("catch_up_copy")
        try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
            for statement in Self.probe { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestCluster.logger) }
        }
        try await harness.database.withStore { store in
            let expected = try await Self.appendHistory(store)
            let worker = harness.startWorker(store, options: Self.options(), foldChunk: Self.foldChunk)
            defer { worker.cancel() }
            #expect(try await eventually(seconds: 60) { try await harness.totals() == expected })
            #expect(try await harness.status()?.openDeadLetters == 0)
            let queries = try await Self.insertsSeen(harness)
            #expect(!queries.isEmpty)
            #expect(queries.allSatisfy { $0.uppercased().hasPrefix("COPY ") }, "\(queries)")
            // Each stream's document and rows in its page's one transaction.
            #expect(try await harness.database.count("SELECT count(*) FROM counter_documents d JOIN counter_totals t USING (stream_id)") == 3)
            #expect(
                try await harness.database.count(
                    "SELECT count(*) FROM counter_documents d JOIN counter_totals t USING (stream_id) WHERE d.xmin::text <> t.xmin::text"
                ) == 0)
        }
    }

    @Test("a row the table refuses under COPY fails the page, and applied one by one only its event is parked")
    func refusedRowParksItsEvent() async throws {
        let harness = try await WorkerHarness.make("catch_up_copy_refused")
        try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
            try await connection.query("ALTER TABLE counter_totals ADD CONSTRAINT total_below_1000 CHECK (total < 1000)", logger: TestCluster.logger)
        }
        try await harness.database.withStore { store in
            // 2,250 events: three streams that stay under the limit, and one whose
            // 1,000th event takes its total to it.
            for index in 0..<3 {
                try await store.append(to: "counter-\(index)", expected: .any, (0..<400).map { _ in event("Counted", #"{"n": 1}"#) })
            }
            // An append holds at most 1,000 events.
            for count in [1_000, 50] {
                try await store.append(to: "counter-big", expected: .any, (0..<count).map { _ in event("Counted", #"{"n": 1}"#) })
            }
            let log = CapturedLog()
            let worker = harness.startWorker(store, options: Self.options(), foldChunk: Self.foldChunk, logger: log.logger)
            defer { worker.cancel() }
            let expected = ["counter-0": 400, "counter-1": 400, "counter-2": 400, "counter-big": 999]
            #expect(try await eventually(seconds: 120) { try await harness.totals() == expected })
            #expect(try await eventually(seconds: 60) { (try await harness.status()?.openDeadLetters ?? 0) == 51 })
            let letters = try await harness.database.withConnection(as: harness.database.provisioned.app) {
                try await DeadLetter.list(projection: "counter", on: $0, logger: TestCluster.logger)
            }
            // The 1,000th event of the big stream is the one that breaks the CHECK, and the rest
            // of its stream is parked behind it; no other stream has a letter.
            #expect(letters.count == 51)
            #expect(letters.first?.streamID == "counter-big")
            #expect(letters.first?.streamVersion == 1_000)
            #expect(letters.allSatisfy { $0.streamID == "counter-big" })
            #expect(letters.first?.error.contains("total_below_1000") == true, "\(letters.first?.error ?? "")")
            // The detail of a CHECK's failure quotes the whole row, which in a people table is
            // personal data that would outlive an erasure in the letter: it is left out.
            #expect(letters.first?.error.contains("Failing row") == false, "\(letters.first?.error ?? "")")
            #expect(letters.first?.error.contains("counter-big,") == false, "\(letters.first?.error ?? "")")
            // It was the page's COPY that the CHECK refused first.
            let failures = log.messages(at: .warning).filter { $0.contains("a page failed") }
            #expect(failures.contains { $0.contains("COPY") }, "\(failures)")
        }
    }

    /// COPY text PostgreSQL cannot read is the worker's fault. On a page that writes its rows as
    /// it goes, applying its events one by one sends their rows in statements, so the page is
    /// taken for a refusal and nothing is parked; on a rebuild's page whose rows are deferred,
    /// one by one would COPY again, so its session ends instead.
    @Test("COPY text PostgreSQL cannot read is a refusal of a catch-up's page, not of a deferred rebuild page")
    func malformedCopyOnlyRefusesPagesWritingRows() async throws {
        let harness = try await WorkerHarness.make("catch_up_copy_malformed")
        let error = try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
            do {
                try await connection.copyFrom(table: "counter_totals", columns: ["stream_id"], logger: TestCluster.logger) { writer in
                    try await writer.write(ByteBuffer(string: "a\tb\n"))
                }
                return nil as PSQLError?
            } catch let error as PSQLError {
                return error
            }
        }
        let malformed = try #require(error)
        #expect(malformed.serverInfo?[.sqlState] == "22P04")
        #expect(!ActiveProjection.isRefusal(malformed))
        #expect(ActiveProjection.isPageRefusal(malformed, rowsDeferred: false))
        #expect(!ActiveProjection.isPageRefusal(malformed, rowsDeferred: true))
        // Any other refusal is one either way.
        struct ConstraintViolated: Error {}
        #expect(ActiveProjection.isPageRefusal(ConstraintViolated(), rowsDeferred: true))
        #expect(!ActiveProjection.isPageRefusal(CancellationError(), rowsDeferred: false))
    }

    /// A COPY into the live table fails as malformed COPY text would (SQLSTATE 22P04, raised by
    /// a trigger on the COPY's first row): the first build applies the page event by event, in statements,
    /// and ends with every total, no letter and the fault logged as an error.
    @Test("a first build whose COPY PostgreSQL cannot read goes on event by event, parking nothing")
    func malformedCopyFallsBackToStatements() async throws {
        let harness = try await WorkerHarness.make("catch_up_copy_fallback")
        try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
            try await connection.query(
                """
                CREATE FUNCTION refuse_copy() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_query() ILIKE 'COPY%' THEN
                        RAISE EXCEPTION 'COPY refused by the test' USING ERRCODE = '22P04';
                    END IF;
                    RETURN NEW;
                END $$
                """, logger: TestCluster.logger)
            // For each row, not for the statement: PostgreSQL then reads the data before it
            // refuses, as it does malformed text. An error before the first data (a statement
            // trigger's) made PostgresNIO's next `write` stop the process on a precondition.
            try await connection.query(
                "CREATE TRIGGER refuse_copy BEFORE INSERT ON counter_totals FOR EACH ROW EXECUTE FUNCTION refuse_copy()",
                logger: TestCluster.logger)
        }
        try await harness.database.withStore { store in
            let expected = try await Self.appendHistory(store)
            let log = CapturedLog()
            let worker = harness.startWorker(store, options: Self.options(), foldChunk: Self.foldChunk, logger: log.logger)
            defer { worker.cancel() }
            #expect(try await eventually(seconds: 120) { try await harness.totals() == expected })
            #expect(try await harness.status()?.openDeadLetters == 0)
            #expect(try await harness.status()?.eventsApplied == 1_500)
            #expect(log.messages(at: .error).contains { $0.contains("could not read a page's COPY text") })
        }
    }

    /// A statement-level BEFORE INSERT trigger can refuse a COPY before its first data, which
    /// PostgresNIO answers by stopping the process: a table with one takes its rows in the
    /// statement (the trigger here only records what PostgreSQL ran).
    @Test("a table with a statement-level BEFORE INSERT trigger takes its rows in the statement, not by COPY")
    func statementTriggerTableSkipsCopy() async throws {
        let harness = try await WorkerHarness.make("catch_up_copy_statement_trigger")
        try await harness.database.withConnection(as: harness.database.provisioned.owner) { connection in
            for statement in Self.probe.dropLast() {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestCluster.logger)
            }
            try await connection.query(
                "CREATE TRIGGER note_insert BEFORE INSERT ON counter_totals FOR EACH STATEMENT EXECUTE FUNCTION note_insert()",
                logger: TestCluster.logger)
        }
        try await harness.database.withStore { store in
            let expected = try await Self.appendHistory(store)
            let worker = harness.startWorker(store, options: Self.options(), foldChunk: Self.foldChunk)
            defer { worker.cancel() }
            #expect(try await eventually(seconds: 60) { try await harness.totals() == expected })
            let queries = try await Self.insertsSeen(harness)
            #expect(!queries.isEmpty)
            #expect(!queries.contains { $0.uppercased().hasPrefix("COPY ") }, "\(queries)")
        }
    }
}
