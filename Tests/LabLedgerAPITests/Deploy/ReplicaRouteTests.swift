import EventStore
import Testing

@testable import LabLedgerAPI

@Suite struct ReplicaRouteTests {
    let token = Checkpoint(transactionID: 900, position: 42)

    @Test func aQueryWithoutATokenGoesToTheReplica() {
        #expect(ReplicaRoute.choose(token: nil, projections: ["directory"], replicaCheckpoints: nil) == .replica)
        #expect(!ReplicaRoute.needsReplicaCheckpoints(token: nil))
    }

    @Test func aTokenTheReplicaHasAppliedInEveryProjectionGoesToTheReplica() {
        let checkpoints = ["rounds": token, "directory": Checkpoint(transactionID: 901, position: 50)]
        #expect(ReplicaRoute.needsReplicaCheckpoints(token: token))
        #expect(ReplicaRoute.choose(token: token, projections: ["rounds", "directory"], replicaCheckpoints: checkpoints) == .replica)
    }

    @Test func aTokenOneProjectionOfTheReplicaHasNotReachedGoesToThePrimary() {
        let checkpoints = ["rounds": token, "directory": Checkpoint(transactionID: 900, position: 41)]
        #expect(ReplicaRoute.choose(token: token, projections: ["rounds", "directory"], replicaCheckpoints: checkpoints) == .primary)
    }

    @Test func aProjectionTheReplicaDoesNotKnowOrAnUnreadableReplicaSendsTheTokenToThePrimary() {
        #expect(ReplicaRoute.choose(token: token, projections: ["deadlines"], replicaCheckpoints: ["rounds": token]) == .primary)
        #expect(ReplicaRoute.choose(token: token, projections: ["rounds"], replicaCheckpoints: nil) == .primary)
    }
}
