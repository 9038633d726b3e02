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
    func lockWon() throws {
        var machine = RunnerStateMachine(options: options)
        try #require(machine.start(stopping: false) == .tryLock)
        try #require(machine.lockAttempted(won: true) == .follow)
        try #require(machine.sessionEnded(stopping: false) == .tryLock)
    }

    @Test("while another worker holds the lock, the runner stands by and tries again after the standby interval")
    func lockLost() throws {
        var machine = RunnerStateMachine(options: options)
        try #require(machine.start(stopping: false) == .tryLock)
        try #require(machine.lockAttempted(won: false) == .standBy(.seconds(1)))
        try #require(machine.standbyElapsed(stopping: false) == .tryLock)
        try #require(machine.lockAttempted(won: false) == .standBy(.seconds(1)))
    }

    @Test("failed lock attempts and sessions reconnect after a delay that doubles up to the maximum")
    func backoff() throws {
        var machine = RunnerStateMachine(options: options)
        try #require(machine.start(stopping: false) == .tryLock)
        var delays: [Duration] = []
        for attempt in 0..<9 {
            if attempt.isMultiple(of: 2) {
                try #require(machine.lockAttempted(won: true) == .follow)
            }
            guard case .reconnect(let delay) = machine.sessionFailed(stopping: false) else {
                Issue.record("a failed session must reconnect")
                return
            }
            delays.append(delay)
            try #require(machine.reconnectDelayElapsed(stopping: false) == .tryLock)
        }
        let expected: [Duration] = [.milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                                    .milliseconds(1_600), .milliseconds(3_200), .seconds(5), .seconds(5)]
        #expect(delays == expected)
    }

    @Test("a session that ends without error resets the reconnect delay")
    func cleanEndResetsBackoff() throws {
        var machine = RunnerStateMachine(options: options)
        try #require(machine.start(stopping: false) == .tryLock)
        try #require(machine.sessionFailed(stopping: false) == .reconnect(after: .milliseconds(50)))
        try #require(machine.reconnectDelayElapsed(stopping: false) == .tryLock)
        try #require(machine.sessionFailed(stopping: false) == .reconnect(after: .milliseconds(100)))
        try #require(machine.reconnectDelayElapsed(stopping: false) == .tryLock)
        try #require(machine.lockAttempted(won: true) == .follow)
        try #require(machine.sessionEnded(stopping: false) == .tryLock)
        try #require(machine.sessionFailed(stopping: false) == .reconnect(after: .milliseconds(50)))
    }

    @Test("a stop is obeyed before the first attempt, after a standby, after a reconnect delay and after a session")
    func stops() throws {
        var first = RunnerStateMachine(options: options)
        try #require(first.start(stopping: true) == .stop)

        var standing = RunnerStateMachine(options: options)
        try #require(standing.start(stopping: false) == .tryLock)
        try #require(standing.lockAttempted(won: false) == .standBy(.seconds(1)))
        try #require(standing.standbyElapsed(stopping: true) == .stop)

        var reconnecting = RunnerStateMachine(options: options)
        try #require(reconnecting.start(stopping: false) == .tryLock)
        try #require(reconnecting.sessionFailed(stopping: false) == .reconnect(after: .milliseconds(50)))
        try #require(reconnecting.reconnectDelayElapsed(stopping: true) == .stop)

        var following = RunnerStateMachine(options: options)
        try #require(following.start(stopping: false) == .tryLock)
        try #require(following.lockAttempted(won: true) == .follow)
        try #require(following.sessionEnded(stopping: true) == .stop)
    }

    @Test("a session that fails while stopping ends the runner without a reconnect")
    func failureWhileStopping() throws {
        var machine = RunnerStateMachine(options: options)
        try #require(machine.start(stopping: false) == .tryLock)
        try #require(machine.lockAttempted(won: true) == .follow)
        try #require(machine.sessionFailed(stopping: true) == .stop)
    }
}
