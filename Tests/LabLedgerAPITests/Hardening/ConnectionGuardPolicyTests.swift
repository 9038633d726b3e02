import Testing

@testable import LabLedgerAPI

@Suite struct ConnectionGuardPolicyTests {
    @Test func aConnectionWithinTheLimitForwardsEveryRequest() {
        var policy = ConnectionGuardPolicy()
        #expect(policy.headRead(isProbe: false) == .forward)
        #expect(policy.bodyRead() == .forward)
        #expect(policy.endRead() == .forward)
        policy.responseEnded()
        #expect(policy.headRead(isProbe: false) == .forward)
    }

    @Test func anExcessConnectionIsRefusedForAnythingButAProbe() {
        var probe = ConnectionGuardPolicy()
        probe.markExcess()
        #expect(probe.headRead(isProbe: true) == .forward)

        var other = ConnectionGuardPolicy()
        other.markExcess()
        #expect(other.headRead(isProbe: false) == .refuse)
        // What follows the refused head is swallowed, never forwarded.
        #expect(other.bodyRead() == .drop)
        #expect(other.endRead() == .drop)
        #expect(other.headRead(isProbe: true) == .drop)
    }

    @Test func aRefusalNeverInterleavesWithAResponseUnderWay() {
        // A probe answered on an excess connection, then a pipelined request: closed, not answered.
        var excess = ConnectionGuardPolicy()
        excess.markExcess()
        #expect(excess.headRead(isProbe: true) == .forward)
        #expect(excess.headRead(isProbe: false) == .close)

        // A stalled body behind a response still streaming gets no 408 written into it.
        var pipelined = ConnectionGuardPolicy()
        _ = pipelined.headRead(isProbe: false)
        _ = pipelined.endRead()
        pipelined.responseStarted()
        _ = pipelined.headRead(isProbe: false)
        #expect(pipelined.bodyDeadlinePassed() == .forward)
        // Once the first response has ended, the stalled one is the only one open: 408.
        pipelined.responseEnded()
        #expect(pipelined.bodyDeadlinePassed() == .refuse)
    }

    @Test func anExcessConnectionThatStaysSilentIsRefusedWhenItsGraceEnds() {
        var silent = ConnectionGuardPolicy()
        silent.markExcess()
        #expect(silent.graceExpired() == .refuse)
        #expect(silent.graceExpired() == .forward)

        var probing = ConnectionGuardPolicy()
        probing.markExcess()
        _ = probing.headRead(isProbe: true)
        #expect(probing.graceExpired() == .forward)

        var normal = ConnectionGuardPolicy()
        #expect(normal.graceExpired() == .forward)
    }

    @Test func aBodyStillArrivingAtItsDeadlineIsRefusedUnlessTheResponseHasBegun() {
        var slow = ConnectionGuardPolicy()
        _ = slow.headRead(isProbe: false)
        #expect(slow.bodyDeadlinePassed() == .refuse)

        var complete = ConnectionGuardPolicy()
        _ = complete.headRead(isProbe: false)
        _ = complete.endRead()
        #expect(complete.bodyDeadlinePassed() == .forward)

        var answering = ConnectionGuardPolicy()
        _ = answering.headRead(isProbe: false)
        answering.responseStarted()
        #expect(answering.bodyDeadlinePassed() == .forward)
    }

    @Test func aParseErrorIsAnsweredHereOnlyWhileNoRequestIsOpen() {
        var idle = ConnectionGuardPolicy()
        #expect(idle.parseFailed() == .refuse)

        var busy = ConnectionGuardPolicy()
        _ = busy.headRead(isProbe: false)
        #expect(busy.parseFailed() == .forward)
        busy.responseEnded()
        #expect(busy.parseFailed() == .refuse)
    }

    @Test func connectionLimitsLeaveRoomForTheReserveBelowTheDescriptorLimit() {
        let small = ConnectionLimits.fitting(descriptorLimit: 1_024)
        #expect(small.maximum + small.refusalReserve + ConnectionLimits.descriptorReserve <= 1_024)
        #expect(small.maximum > 0)
        let large = ConnectionLimits.fitting(descriptorLimit: 1_048_576)
        #expect(large.maximum == 10_000)
    }
}
