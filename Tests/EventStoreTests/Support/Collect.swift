import EventStore

/// Collects from a subscription in a child task, so a test can look at what arrived so far
/// and wait (up to a generous bound, not a performance limit) for what must arrive.
actor Collected {
    private(set) var events: [RecordedEvent] = []

    func add(_ event: RecordedEvent) { events.append(event) }

    /// Waits until at least `count` events arrived; false if they did not within `seconds`.
    func waitFor(count: Int, seconds: Double = 30) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while events.count < count {
            if ContinuousClock.now > deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}

func startCollecting(_ subscription: EventSubscription, into collected: Collected) -> Task<Void, any Error> {
    Task {
        for try await event in subscription {
            await collected.add(event)
        }
    }
}
