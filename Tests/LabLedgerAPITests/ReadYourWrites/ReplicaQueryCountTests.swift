import EventStore
import Foundation
import LabLedgerAPI
import LabLedgerContract
import Testing
import TestSupport

/// What `QueryCount` (the console's `LabLedger-Queries`) counts when a read replica is configured:
/// every statement sent, on whichever server. In the serialized suite: the replica's outage
/// below moves the process-wide retry counter the suite's other tests compare.
extension ReplicaFailureTests {
    @Test(.hangGuard)
    func aReadOnTheReplicaCountsTheReplicasCheckpointsAndBothTriesOfAQueryTheReplicaDiedUnder() async throws {
        let replica = try await SecondCluster.start("counted")
        defer { replica.remove() }
        try await APITestApp.run("replica_counted", readReplica: replica.provisioned.app) { app in
            let admin = try await Self.partyOnThePrimaryOnly(app)
            let principal = try await app.keys.create(role: .admin, party: nil, label: "test").principal
            let api = InProcessAPI(store: app.store, keys: app.keys, options: APIOptions(), shared: app.shared, logger: TestCluster.logger)
            @Sendable func acme(after position: String? = nil) async throws -> (name: String, queries: Int) {
                let (party, queries) = try await QueryCount.counting {
                    try await api.read(as: principal, requestID: "counted", position: position) {
                        try await $0.getParty(.init(path: .init(partyId: "acme")))
                    }.ok.body.json
                }
                return (party.name, queries)
            }

            // With a position token the replica's checkpoints are read first; the replica (an
            // empty cluster) has applied nothing, so the primary answers: two statements.
            let later = try await app.post(
                "/v1/parties", key: admin, json: #"{"party":"beta","name":"Beta","kind":"company","country":"CN"}"#)
            #expect(later.status == .created, "\(later.text)")
            let afterToken = try await acme(after: try #require(later.position))
            #expect(afterToken.name == "Acme")
            #expect(afterToken.queries == 2, "the replica's checkpoints and the primary's read: \(afterToken.queries)")

            // A query held on the replica when it dies is sent again to the primary: two statements.
            let died = try await DatabaseSetup.withConnection(replica.provisioned.superuser, logger: TestCluster.logger) { holder in
                try await holder.query("BEGIN", logger: TestCluster.logger)
                try await holder.query("LOCK TABLE directory_parties IN ACCESS EXCLUSIVE MODE", logger: TestCluster.logger)
                let read = Task { try await acme() }
                #expect(try await Self.untilAReadWaitsOnTheLock(replica.provisioned.superuser), "the read never waited on the replica")
                replica.cluster.stopImmediately()
                return try await Self.answer(of: read, within: .seconds(120), "the read still waited after the replica was stopped") {
                    replica.cluster.stopImmediately()
                }
            }
            #expect(died.name == "Acme")
            #expect(died.queries == 2, "the replica's try and the primary's: \(died.queries)")
        }
    }
}
