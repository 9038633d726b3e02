import EventStore
import Testing

@testable import LabLedgerAPI

@Suite struct ReplicaRouteTests {
    let token = Checkpoint(transactionID: 900, position: 42)

    @Test func aQueryWithoutATokenGoesToTheReplica() {
        #expect(ReplicaRoute.choose(token: nil, projections: ["directory"], replicaUp: true, replicaCheckpoints: nil) == .replica)
        #expect(!ReplicaRoute.needsReplicaCheckpoints(token: nil, replicaUp: true))
    }

    @Test func aTokenTheReplicaHasAppliedInEveryProjectionGoesToTheReplica() {
        let checkpoints = ["rounds": token, "directory": Checkpoint(transactionID: 901, position: 50)]
        #expect(ReplicaRoute.needsReplicaCheckpoints(token: token, replicaUp: true))
        #expect(ReplicaRoute.choose(token: token, projections: ["rounds", "directory"], replicaUp: true, replicaCheckpoints: checkpoints) == .replica)
    }

    @Test func aTokenOneProjectionOfTheReplicaHasNotReachedGoesToThePrimary() {
        let checkpoints = ["rounds": token, "directory": Checkpoint(transactionID: 900, position: 41)]
        #expect(ReplicaRoute.choose(token: token, projections: ["rounds", "directory"], replicaUp: true, replicaCheckpoints: checkpoints) == .primary)
    }

    @Test func aProjectionTheReplicaDoesNotKnowOrAnUnreadableReplicaSendsTheTokenToThePrimary() {
        #expect(ReplicaRoute.choose(token: token, projections: ["deadlines"], replicaUp: true, replicaCheckpoints: ["rounds": token]) == .primary)
        #expect(ReplicaRoute.choose(token: token, projections: ["rounds"], replicaUp: true, replicaCheckpoints: nil) == .primary)
    }

    @Test func whileTheReplicaIsDownThePrimaryAnswersEveryQueryWithoutAskingTheReplica() {
        #expect(!ReplicaRoute.needsReplicaCheckpoints(token: token, replicaUp: false))
        #expect(ReplicaRoute.choose(token: nil, projections: ["directory"], replicaUp: false, replicaCheckpoints: nil) == .primary)
        #expect(ReplicaRoute.choose(token: token, projections: ["directory"], replicaUp: false, replicaCheckpoints: ["directory": token]) == .primary)
    }
}
