import EventStore
import LabLedgerSchema
import Foundation
import Logging
import Synchronization

/// One PostgreSQL for the whole test run: `DATABASE_URL` (a role that may create roles and
/// databases) when set, otherwise a throw-away embedded cluster stopped when the process exits.
public enum TestCluster {
    public static let logger: Logger = {
        var logger = Logger(label: "labledger.tests")
        logger.logLevel = .warning
        return logger
    }()

    public static let superuser: Task<DatabaseConfig, any Error> = Task {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            return try DatabaseConfig(url: url)
        }
        let root = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("labledger-tests-\(getpid())")
        let cluster = EmbeddedPostgres(
            dataDirectory: root.appendingPathComponent("pgdata"), binaries: try PostgresBinaries.locate(),
            // Suites run side by side, each API test with its own database, pool and seven
            // projection runners (two connections each): 200 connections ran out in CI.
            durable: false, maxConnections: 1_000, logger: logger)
        running.withLock { $0 = (cluster, root) }
        atexit {
            guard let (cluster, root) = TestCluster.running.withLock({ $0 }) else { return }
            cluster.stopImmediately()
            try? FileManager.default.removeItem(at: root)
        }
        return try await cluster.start().superuser
    }

    static let running = Mutex<(EmbeddedPostgres, URL)?>(nil)

    public static let migrations: [Migration] = {
        do {
            return try LabLedgerSchema.migrations()
        } catch {
            // Without the bundled schema no storage test can run; say so instead of failing obscurely.
            fatalError("the schema migrations are not readable: \(error)")
        }
    }()
}
