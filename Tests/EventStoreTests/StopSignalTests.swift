@testable import EventStore
import Synchronization
import Testing

@Suite("The stop signal of the worker and the sequencer")
struct StopSignalTests {
    @Test("setting it calls every callback still registered, once, and not those forgotten")
    func callsTheRegistered() {
        let signal = StopSignal()
        let calls = Mutex<[String]>([])
        signal.onSet { calls.withLock { $0.append("kept") } }
        let forgotten = signal.onSet { calls.withLock { $0.append("forgotten") } }
        signal.forget(forgotten)
        #expect(signal.callbackCount == 1)
        signal.set()
        signal.set()
        #expect(calls.withLock { $0 } == ["kept"])
        #expect(signal.isSet)
    }

    @Test("sessions that register and forget in turn leave no callbacks behind")
    func sessionsDoNotPileUp() {
        let signal = StopSignal()
        for _ in 0..<1_000 {
            let id = signal.onSet {}
            signal.forget(id)
        }
        #expect(signal.callbackCount == 0)
    }

    @Test("a callback registered after the signal was set is called at once")
    func lateCallbackRunsAtOnce() {
        let signal = StopSignal()
        signal.set()
        let called = Mutex(false)
        signal.onSet { called.withLock { $0 = true } }
        #expect(called.withLock { $0 })
        #expect(signal.callbackCount == 0)
    }
}
