@testable import LabLedgerProjections
import Testing

@Suite("Runner state machine: the lock, standby, reconnects, stop")
struct RunnerStateMachineTests {
    let options: ProjectionWorkerOptions = {
        var options = ProjectionWorkerOptions()
        options.standbyInterval = .seconds(1)
        options.initialReconnectDelay = .milliseconds(50)
        options.maximumReconnectDelay = .seconds(5)
        return options
    }()

    @Test("a runner tries the lock, follows the projection once won, and tries again when the session ends")
    func lockWon() {
        var machine = RunnerStateMachine(options: options)
        #expect(machine.start(stopping: false) == .tryLock)
        #expect(machine.lockAttempted(won: true) == .follow)
        #expect(machine.sessionEnded(stopping: false) == .tryLock)
    }

    @Test("while another worker holds the lock, the runner stands by and tries again after the standby interval")
    func lockLost() {
        var machine = RunnerStateMachine(options: options)
        #expect(machine.start(stopping: false) == .tryLock)
        #expect(machine.lockAttempted(won: false) == .standBy(.seconds(1)))
        #expect(machine.standbyElapsed(stopping: false) == .tryLock)
        #expect(machine.lockAttempted(won: false) == .standBy(.seconds(1)))
    }

    @Test("failed lock attempts and sessions reconnect after a delay that doubles up to the maximum")
    func backoff() {
        var machine = RunnerStateMachine(options: options)
        #expect(machine.start(stopping: false) == .tryLock)
        var delays: [Duration] = []
        for attempt in 0..<9 {
            if attempt.isMultiple(of: 2) {
                #expect(machine.lockAttempted(won: true) == .follow)
            }
            guard case .reconnect(let delay) = machine.sessionFailed(stopping: false) else {
                Issue.record("a failed session must reconnect")
                return
            }
            delays.append(delay)
            #expect(machine.reconnectDelayElapsed(stopping: false) == .tryLock)
        }
        let expected: [Duration] = [.milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                                    .milliseconds(1_600), .milliseconds(3_200), .seconds(5), .seconds(5)]
        #expect(delays == expected)
    }

    @Test("a session that ends without error resets the reconnect delay")
    func cleanEndResetsBackoff() {
        var machine = RunnerStateMachine(options: options)
        _ = machine.start(stopping: false)
        #expect(machine.sessionFailed(stopping: false) == .reconnect(after: .milliseconds(50)))
        #expect(machine.reconnectDelayElapsed(stopping: false) == .tryLock)
        #expect(machine.sessionFailed(stopping: false) == .reconnect(after: .milliseconds(100)))
        #expect(machine.reconnectDelayElapsed(stopping: false) == .tryLock)
        #expect(machine.lockAttempted(won: true) == .follow)
        #expect(machine.sessionEnded(stopping: false) == .tryLock)
        #expect(machine.sessionFailed(stopping: false) == .reconnect(after: .milliseconds(50)))
    }

    @Test("a stop is obeyed before the first attempt, after a standby, after a reconnect delay and after a session")
    func stops() {
        var first = RunnerStateMachine(options: options)
        #expect(first.start(stopping: true) == .stop)

        var standing = RunnerStateMachine(options: options)
        _ = standing.start(stopping: false)
        _ = standing.lockAttempted(won: false)
        #expect(standing.standbyElapsed(stopping: true) == .stop)

        var reconnecting = RunnerStateMachine(options: options)
        _ = reconnecting.start(stopping: false)
        _ = reconnecting.sessionFailed(stopping: false)
        #expect(reconnecting.reconnectDelayElapsed(stopping: true) == .stop)

        var following = RunnerStateMachine(options: options)
        _ = following.start(stopping: false)
        _ = following.lockAttempted(won: true)
        #expect(following.sessionEnded(stopping: true) == .stop)
    }

    @Test("a session that fails while stopping ends the runner without a reconnect")
    func failureWhileStopping() {
        var machine = RunnerStateMachine(options: options)
        _ = machine.start(stopping: false)
        _ = machine.lockAttempted(won: true)
        #expect(machine.sessionFailed(stopping: true) == .stop)
    }
}
