import EventStore
import LabLedgerProjections
import Testing

@testable import LabLedgerAPI

/// The waiter registry and the process's positions, without a database or a listener.
@Suite struct PositionWaitersTests {
    static func at(_ position: Int64, transaction: UInt64 = 100) -> Checkpoint {
        Checkpoint(transactionID: transaction, position: position)
    }

    @Test func aWaiterWakesOnlyWhenEveryProjectionItReadsIsAtOrPastItsTarget() {
        var waiters = PositionWaiters()
        #expect(waiters.register(1, target: Self.at(10), projections: ["funding", "directory"]) == true)
        #expect(waiters.deliver("funding", at: Self.at(9)) == [])
        #expect(waiters.deliver("funding", at: Self.at(10)) == [])
        #expect(waiters.waiting == 1)
        #expect(waiters.deliver("directory", at: Self.at(11, transaction: 101)) == [1])
        #expect(waiters.waiting == 0)
    }

    @Test func aTargetAlreadyReachedRegistersNoWaiter() {
        var waiters = PositionWaiters()
        _ = waiters.deliver("directory", at: Self.at(5))
        #expect(waiters.register(1, target: Self.at(5), projections: ["directory"]) == false)
        #expect(waiters.reached(Self.at(4), ["directory"]))
        #expect(!waiters.reached(Self.at(4), ["directory", "funding"]))
        #expect(waiters.register(2, target: Self.at(6), projections: ["directory"]) == true)
        #expect(waiters.waiting == 1)
    }

    @Test func checkpointsOnlyMoveForwardSoALateOlderDeliveryWakesNobody() {
        var waiters = PositionWaiters()
        _ = waiters.deliver("outputs", at: Self.at(20))
        _ = waiters.deliver("outputs", at: Self.at(3))
        #expect(waiters.known["outputs"] == Self.at(20))
        #expect(waiters.register(1, target: Self.at(15), projections: ["outputs"]) == false)
    }

    @Test func oneDeliveryWakesEveryWaiterItCompletesAndNoOther() {
        var waiters = PositionWaiters()
        #expect(waiters.register(1, target: Self.at(1), projections: ["rounds"]) == true)
        #expect(waiters.register(2, target: Self.at(2), projections: ["rounds"]) == true)
        #expect(waiters.register(3, target: Self.at(9), projections: ["rounds"]) == true)
        #expect(waiters.register(4, target: Self.at(1), projections: ["placements"]) == true)
        #expect(waiters.deliver("rounds", at: Self.at(2)) == [1, 2])
        #expect(waiters.waiting == 2)
        #expect(waiters.remove(3) == true)
        #expect(waiters.remove(3) == false)
        #expect(waiters.deliver("rounds", at: Self.at(50)) == [])
    }

    @Test func aDeliveredNoticeResumesTheWaitingTaskAsANotification() async {
        let positions = ProjectionPositions()
        async let wake = positions.wait(for: Self.at(7), projections: ["directory"], timeout: .seconds(600))
        while positions.statistics.waiting == 0 { await Task.yield() }
        positions.deliver([CheckpointNotice(projection: "directory", checkpoint: Self.at(7))], from: .notification)
        #expect(await wake == .notification)
        #expect(positions.statistics.wokenByNotification == 1)
        #expect(positions.statistics.timedOut == 0)
        #expect(await positions.wait(for: Self.at(7), projections: ["directory"], timeout: .zero) == .alreadyReached)
    }

    @Test func aWaitWithNoNewsEndsAtItsTimeoutAndACancelledOneEndsAtOnce() async {
        let positions = ProjectionPositions()
        #expect(await positions.wait(for: Self.at(1), projections: ["funding"], timeout: .milliseconds(1)) == .timedOut)
        let waiting = Task { await positions.wait(for: Self.at(1), projections: ["funding"], timeout: .seconds(600)) }
        while positions.statistics.waiting == 0 { await Task.yield() }
        waiting.cancel()
        #expect(await waiting.value == .cancelled)
        #expect(positions.statistics == .init(timedOut: 1, cancelled: 1))
    }

    @Test func noticesRoundTripTheTriggersPayload() {
        let notice = CheckpointNotice(projection: "ip_assets", checkpoint: Checkpoint(transactionID: 812, position: 40))
        #expect(notice.payload == "ip_assets 812.40")
        #expect(CheckpointNotice(payload: "ip_assets 812.40") == notice)
        #expect(CheckpointNotice(payload: "ip_assets") == nil)
        #expect(CheckpointNotice(payload: " 1.2") == nil)
        #expect(CheckpointNotice(payload: "a b 1.2") == nil)
    }
}
