import EventStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LabLedgerAPI
import PostgresNIO
import Testing
import TestSupport

/// A read already sent to the read replica when the replica dies is answered by the primary,
/// not failed (issue 16): against a second, real PostgreSQL cluster that is stopped while the
/// query waits on it.
/// Serialized: the retry counter is one registry for the whole process.
@Suite(.serialized) struct ReplicaFailureTests {
    /// A second cluster, migrated like the primary but holding none of its rows: whatever a
    /// query finds there, it found on the replica.
    struct SecondCluster {
        let cluster: EmbeddedPostgres
        let folder: URL
        let provisioned: DatabaseSetup.Provisioned

        static func start(_ label: String) async throws -> SecondCluster {
            let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("labledger-replica-\(label)-\(UUID().uuidString)")
            let cluster = EmbeddedPostgres(
                dataDirectory: folder.appendingPathComponent("pgdata"), binaries: try PostgresBinaries.locate(), durable: false,
                maxConnections: 100, logger: TestCluster.logger)
            let superuser = try await cluster.start().superuser
            let provisioned = try await DatabaseSetup.provision(
                superuser: superuser, database: "replica", migrations: TestCluster.migrations, logger: TestCluster.logger)
            return SecondCluster(cluster: cluster, folder: folder, provisioned: provisioned)
        }

        /// A replica for `body`, stopped and removed afterwards, whether `body` returned or threw.
        static func with<T>(_ label: String, _ body: (SecondCluster) async throws -> T) async throws -> T {
            let replica = try await start(label)
            return try await withCleanup { try await body(replica) } cleanup: {
                await replica.cluster.stopAtOnce()
                try? FileManager.default.removeItem(at: replica.folder)
            }
        }
    }

    /// An admin key, and a party `acme` the primary has and the replica (a separate, empty
    /// cluster) has not, once token-less reads reach the replica: their 404 shows the route.
    static func partyOnThePrimaryOnly(_ app: APITestApp) async throws -> String {
        let admin = try await app.admin()
        let created = try await app.post(
            "/v1/parties", key: admin, json: #"{"party":"acme","name":"Acme","kind":"company","country":"CN"}"#)
        #expect(created.status == .created, "\(created.text)")
        try await app.waitForReadModels(try #require(created.position))
        var routed = false
        for _ in 0..<100 where !routed {
            routed = try await app.get("/v1/parties/acme", key: admin).status == .notFound
            if !routed { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(routed, "token-less reads never reached the replica")
        return admin
    }

    /// Polls the replica until it shows the API's query waiting for the lock on
    /// `directory_parties` (about 6 s at most); false when it never did.
    static func untilAReadWaitsOnTheLock(_ superuser: DatabaseConfig) async throws -> Bool {
        for _ in 0..<300 {
            try await Task.sleep(for: .milliseconds(20))
            let waiting = try await DatabaseSetup.withConnection(superuser, logger: TestCluster.logger) { watcher in
                let rows = try await watcher.query(
                    "SELECT count(*)::int FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%directory_parties%'",
                    logger: TestCluster.logger)
                for try await count in rows.decode(Int.self) { return count > 0 }
                return false
            }
            if waiting { return true }
        }
        return false
    }

    static func retries(_ app: APITestApp) async throws -> Int {
        let metrics = try await app.get("/metrics", key: nil).text
        let line = metrics.split(separator: "\n").first { $0.hasPrefix("labledger_read_replica_retries_total ") }
        return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
    }

    @Test(.hangGuard)
    func aQueryInFlightOnAReplicaThatDiesIsAnsweredByThePrimaryAndCounted() async throws {
        try await SecondCluster.with("dies") { replica in
            try await APITestApp.run("replica_dies", readReplica: replica.provisioned.app) { app in
                let admin = try await Self.partyOnThePrimaryOnly(app)

                // Shown from the start (at 0 in a process that never retried), not only once used.
                #expect(try await app.get("/metrics", key: nil).text.contains("\nlabledger_read_replica_retries_total "))
                let before = try await Self.retries(app)
                let answer = try await Self.withAReadHeldOnTheReplica(replica, app, key: admin) { read in
                    // The replica dies with the query on it (the connections drop at once, long
                    // before the replica's probe would notice).
                    await replica.cluster.stopAtOnce()
                    return try await Self.answer(of: read, within: .seconds(120), "the read still waited after the replica was stopped") {
                        // Stopping failed: a second try, so the lock's holder goes and the read ends.
                        await replica.cluster.stopAtOnce()
                    }
                }
                #expect(answer.status == .ok, "\(answer.status) \(answer.text)")
                #expect(answer.json["name"] as? String == "Acme")
                #expect(try await Self.retries(app) == before + 1)
            }
        }
    }

    /// Only a lost connection is retried: an SQL error of the query on the replica is the
    /// request's own error, and running it again on the primary would hide it.
    @Test(.hangGuard)
    func anSQLErrorOnTheReplicaIsNotRetriedOnThePrimary() async throws {
        try await SecondCluster.with("sqlerror") { replica in
            try await APITestApp.run("replica_sqlerror", readReplica: replica.provisioned.app) { app in
                let admin = try await Self.partyOnThePrimaryOnly(app)
                // The table the read needs is gone on the replica only: 42P01 there, the row on the primary.
                try await DatabaseSetup.withConnection(replica.provisioned.superuser, logger: TestCluster.logger) {
                    try await $0.query("DROP TABLE directory_parties CASCADE", logger: TestCluster.logger)
                }
                let before = try await Self.retries(app)
                let answer = try await app.get("/v1/parties/acme", key: admin)
                #expect(answer.status.code >= 500, "\(answer.status) \(answer.text)")
                #expect(try await Self.retries(app) == before)
            }
        }
    }

    /// The processes of a cluster: its postmaster and the backends it forked.
    static func processes(of replica: SecondCluster) throws -> [pid_t] {
        let pidFile = replica.folder.appendingPathComponent("pgdata/postmaster.pid")
        let postmaster = try #require(pid_t(try String(contentsOf: pidFile, encoding: .utf8).split(separator: "\n").first ?? ""))
        let children = try String(contentsOfFile: "/proc/\(postmaster)/task/\(postmaster)/children", encoding: .utf8)
        return [postmaster] + children.split(separator: " ").compactMap { pid_t($0) }
    }

    /// A replica that stops answering without closing its connections (a frozen VM, a network
    /// partition) does not hold a read already sent to it: once its probe declares it down, the
    /// connection is closed and the primary answers. Before, the read waited for ever: the kernel
    /// of a stopped local process still acknowledges what is sent to it, so TCP never gives up.
    @Test(.hangGuard)
    func aQueryInFlightOnAReplicaThatFreezesIsAnsweredByThePrimaryWhileItIsStillFrozen() async throws {
        try await SecondCluster.with("freezes") { replica in
            try await APITestApp.run("replica_freezes", readReplica: replica.provisioned.app) { app in
                let admin = try await Self.partyOnThePrimaryOnly(app)

                let before = try await Self.retries(app)
                let answer = try await Self.withAReadHeldOnTheReplica(replica, app, key: admin) { read in
                    // Frozen, not stopped: every process of the replica, so its sockets stay open
                    // and nothing tells the API's connection that the server is gone.
                    let frozen = try Self.processes(of: replica)
                    for pid in frozen { kill(pid, SIGSTOP) }
                    defer { for pid in frozen { kill(pid, SIGCONT) } }
                    return try await Self.answerWhileFrozen(read, frozen: frozen, replica: replica)
                }
                #expect(answer.status == .ok, "\(answer.status) \(answer.text)")
                #expect(answer.json["name"] as? String == "Acme")
                #expect(try await Self.retries(app) == before + 1)
            }
        }
    }

    /// A read of `acme` held on the replica, waiting for a lock an open transaction keeps, given
    /// to `body` once it waits there.
    static func withAReadHeldOnTheReplica<T: Sendable>(
        _ replica: SecondCluster, _ app: APITestApp, key: String, _ body: (Task<APIResponse, any Error>) async throws -> T
    ) async throws -> T {
        try await DatabaseSetup.withConnection(replica.provisioned.superuser, logger: TestCluster.logger) { holder in
            try await holder.query("BEGIN", logger: TestCluster.logger)
            try await holder.query("LOCK TABLE directory_parties IN ACCESS EXCLUSIVE MODE", logger: TestCluster.logger)
            let read = Task { try await app.get("/v1/parties/acme", key: key) }
            #expect(try await untilAReadWaitsOnTheLock(replica.provisioned.superuser), "the read never waited on the replica")
            return try await body(read)
        }
    }

    /// The read's answer, which must come while the replica is still frozen. The probe declares
    /// it down after two missed answers (about 2.5 s); the bound of two minutes only tells that
    /// apart from waiting for ever, on a loaded machine. Past it the failure is recorded and the
    /// replica is killed, so the read ends and the test does not hang.
    static func answerWhileFrozen(_ read: Task<APIResponse, any Error>, frozen: [pid_t], replica: SecondCluster) async throws -> APIResponse {
        try await answer(
            of: read, within: .seconds(120),
            "the read still waited on the frozen replica after 120 s: its connection was not closed when the probe declared the replica down"
        ) {
            for pid in frozen { kill(pid, SIGCONT) }
            await replica.cluster.stopAtOnce()
        }
    }

    /// `read`'s answer; past `bound` the failure is recorded and `release` frees what holds the
    /// read, so a regression fails the test instead of hanging the run.
    static func answer<T: Sendable>(
        of read: Task<T, any Error>, within bound: Duration, _ failure: String, release: @escaping @Sendable () async -> Void
    ) async throws -> T {
        let stillWaiting = Task {
            try await Task.sleep(for: bound)
            Issue.record(Comment(rawValue: failure))
            await release()
        }
        defer { stillWaiting.cancel() }
        return try await read.value
    }
}
