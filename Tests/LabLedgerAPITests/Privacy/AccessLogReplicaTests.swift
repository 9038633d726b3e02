import EventStore
import Foundation
import LabLedgerAPI
import LabLedgerDemo
import PostgresNIO
import Testing
import TestSupport

/// The access log is written on the primary even when the request's reads were routed to the
/// read replica: a hot standby refuses every write (SQLSTATE 25006), and a placement or round
/// read that shows someone's details must not fail for it.
@Suite struct AccessLogReplicaTests {
    @Test(.hangGuard)
    func placementAndRoundReadsServedByAReadOnlyReplicaAreLoggedOnThePrimary() async throws {
        try await APITestApp.run("access_log_replica", personKEK: true, readOnlyReplica: true) { app in
            _ = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            let events = try await DemoTests.allEvents(app)
            try await app.waitForReadModels(try #require(events.last).checkpoint.description)
            let admin = try await app.admin()
            let auditor = try await app.key(.auditor)
            let postdoc = ErasureEndToEndTests.postdoc
            let advisor = "hkai-advisor-01"
            let before = try await Self.operations(app, postdoc.id, auditor).count
            let advisorBefore = try await Self.operations(app, advisor, auditor).count

            // No position token: both reads are routed to the replica.
            let placement = try await app.get("/v1/placements/\(postdoc.id)", key: admin)
            #expect(placement.status == .ok, "\(placement.text)")
            #expect(placement.text.contains(postdoc.name))
            let round = try await app.get("/v1/rounds/hkai-2018-r1", key: admin)
            #expect(round.status == .ok, "\(round.text)")
            #expect(round.text.contains("Prof. Example Advisor"))

            // The replica login did answer read-model queries (it is a real, read-only route).
            let replicaQueries = try await app.database.withConnection(as: app.database.provisioned.superuser) { connection in
                let rows = try await connection.query(
                    """
                    SELECT count(*)::int FROM pg_stat_activity
                    WHERE usename = 'labledger_standby' AND datname = current_database() AND query ~* '(placement|round)'
                    """, logger: TestCluster.logger)
                for try await count in rows.decode(Int.self) { return count }
                return 0
            }
            #expect(replicaQueries > 0)

            #expect(Array(try await Self.operations(app, postdoc.id, auditor).dropFirst(before)) == ["GET /v1/placements/\(postdoc.id)"])
            #expect(Array(try await Self.operations(app, advisor, auditor).dropFirst(advisorBefore)) == ["GET /v1/rounds/hkai-2018-r1"])
        }
    }

    static func operations(_ app: APITestApp, _ person: String, _ auditor: String) async throws -> [String] {
        let log = try await app.get("/v1/admin/people/\(person)/access-log", key: auditor)
        #expect(log.status == .ok, "\(log.text)")
        return (log.json["items"] as? [[String: Any]] ?? []).compactMap { $0["operation"] as? String }
    }
}
