import EventStore
import Foundation
import LabLedgerProjections
import LabLedgerReadModels
import Logging
import PostgresNIO
import TestSupport

/// A migrated database with the counter projection's tables, and helpers to run workers on it.
struct WorkerHarness: Sendable {
    let database: TestDatabase

    static func make(_ label: String, projections: [String] = ["counter"]) async throws -> WorkerHarness {
        let database = try await TestDatabase.make(label)
        try await database.withConnection(as: database.provisioned.owner) { connection in
            for name in projections {
                for statement in CounterModel.tableStatements(name: name) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestCluster.logger)
                }
            }
        }
        return WorkerHarness(database: database)
    }

    static func options(batchSize: Int = 100) -> ProjectionWorkerOptions {
        var options = ProjectionWorkerOptions()
        options.batchSize = batchSize
        options.rebuildBatchSize = batchSize * 5
        options.pollInterval = .milliseconds(100)
        options.standbyInterval = .milliseconds(100)
        options.controlInterval = .milliseconds(50)
        options.retryDelay = .milliseconds(5)
        return options
    }

    /// Starts a worker in its own task (cancel the task to stop it).
    func startWorker(
        _ store: PostgresEventStore, projections: [ReadModelProjection] = [CounterModel.projection()],
        options: ProjectionWorkerOptions = options(), name: String = "worker", foldChunk: Int? = nil, logger: Logger = TestCluster.logger
    ) -> Task<Void, any Error> {
        var options = options
        options.workerName = name
        let worker = ProjectionWorker(
            projectors: projections.map { projection in foldChunk.map { StreamProjector(projection, foldChunk: $0) } ?? StreamProjector(projection) },
            store: store, options: options, logger: logger)
        return Task { try await worker.run() }
    }

    /// Appends one `Counted` event per element of `values` to `stream`, one append each.
    func count(_ store: PostgresEventStore, _ stream: String, _ values: [Int]) async throws {
        for value in values {
            try await store.append(to: stream, expected: .any, [event("Counted", #"{"n": \#(value)}"#)])
        }
    }

    func status(_ name: String = "counter") async throws -> ProjectionStatus? {
        try await database.withConnection(as: database.provisioned.app) { connection in
            try await ProjectionStatus.all(on: connection, logger: TestCluster.logger).first { $0.name == name }
        }
    }

    /// stream → total in the live read model.
    func totals(_ name: String = "counter") async throws -> [String: Int] {
        try await database.withConnection(as: database.provisioned.app) { connection in
            var totals: [String: Int] = [:]
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT stream_id, total FROM \(name)_totals"), logger: TestCluster.logger)
            for try await (stream, total) in rows.decode((String, Int).self) { totals[stream] = total }
            return totals
        }
    }

    /// Every row of the projection's tables as text, ordered: equal dumps mean equal tables.
    func dump(_ name: String = "counter") async throws -> String {
        try await database.withConnection(as: database.provisioned.app) { connection in
            var text = ""
            for table in ["\(name)_documents", "\(name)_totals"] {
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM \(table) t"),
                    logger: TestCluster.logger)
                for try await part in rows.decode(String.self) { text += "\(table):\n\(part)\n" }
            }
            return text
        }
    }

    /// Asks for a rebuild of `name` and tells whether its tables were swapped in (generation 2)
    /// within `seconds`.
    func rebuildSwapped(_ name: String = "counter", seconds: Double = 60) async throws -> Bool {
        try await database.withConnection(as: database.provisioned.app) {
            try await ProjectionControl.requestRebuild(name, on: $0, logger: TestCluster.logger)
        }
        return try await eventually(seconds: seconds) { try await status(name)?.generation == 2 }
    }

    /// Ends the worker's database sessions the hard way, as a crash or a network cut would.
    func terminateWorkerSessions(named projection: String = "counter") async throws {
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            try await connection.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \("labledger-worker:" + projection) AND datname = current_database()",
                logger: TestCluster.logger)
        }
    }

    /// Backends holding the projection's advisory lock.
    func lockHolders(_ projection: String = "counter") async throws -> [Int32] {
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            var pids: [Int32] = []
            let rows = try await connection.query("""
                SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.classid = 19532 AND l.objid = hashtext(\(projection))::oid
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, logger: TestCluster.logger)
            for try await pid in rows.decode(Int32.self) { pids.append(pid) }
            return pids
        }
    }
}

