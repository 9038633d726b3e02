import EventStore
import Foundation
import LabLedgerProjections
import PostgresNIO
import Testing
import TestSupport

@Suite("Projection worker on PostgreSQL")
struct WorkerTests {
    @Test("a worker applies every event once, in batches, and reports running with no lag")
    func appliesEvents() async throws {
        let harness = try await WorkerHarness.make("worker_basic")
        try await harness.database.withStore { store in
            try await harness.count(store, "counter-a", Array(1...30))
            try await harness.count(store, "counter-b", Array(repeating: 2, count: 20))
            try await store.append(to: "other-x", expected: .any, [event("Unrelated")])
            let worker = harness.startWorker(store, options: WorkerHarness.options(batchSize: 7))
            defer { worker.cancel() }
            #expect(try await eventually { try await harness.totals() == ["counter-a": 465, "counter-b": 40] })
            #expect(try await eventually { try await harness.status()?.lagEvents == 0 })
            let status = try #require(try await harness.status())
            #expect(status.eventsApplied == 50)
            #expect(status.state == .running)
            #expect(status.openDeadLetters == 0)
        }
    }

    @Test("an earlier transaction that commits late still reaches the read model")
    func lateCommitReachesReadModel() async throws {
        let harness = try await WorkerHarness.make("worker_gap")
        try await harness.database.withStore { store in
            let worker = harness.startWorker(store)
            defer { worker.cancel() }
            try await harness.database.withConnection(as: harness.database.provisioned.app) { open in
                try await open.query("BEGIN", logger: TestCluster.logger)
                try await store.append(to: "counter-early", expected: .any, [event("Counted", #"{"n": 5}"#)], on: open)
                try await harness.count(store, "counter-late", [7])
                // The later event is committed but must wait: applying it now would move the
                // checkpoint past the open transaction's event and lose it.
                try await Task.sleep(for: .milliseconds(600))
                #expect(try await harness.totals()["counter-late"] == nil)
                try await open.query("COMMIT", logger: TestCluster.logger)
            }
            store.notifySubscribers()
            #expect(try await eventually { try await harness.totals() == ["counter-early": 5, "counter-late": 7] })
            #expect(try await harness.status()?.eventsApplied == 2)
        }
    }

    @Test("a poison event is parked with its error, its stream's later events wait behind it, other streams go on; skip and retry clear them")
    func poisonEvent() async throws {
        let harness = try await WorkerHarness.make("worker_poison")
        try await harness.database.withStore { store in
            let worker = harness.startWorker(store)
            defer { worker.cancel() }
            try await harness.count(store, "counter-p", [1])
            let poison = try await store.append(to: "counter-p", expected: .any, [event("Counted", #"{"poison": true}"#)])
            try await harness.count(store, "counter-p", [10])
            try await harness.count(store, "counter-q", [1, 2, 3])
            #expect(try await eventually { try await harness.totals()["counter-q"] == 6 })
            #expect(try await eventually { try await harness.status()?.openDeadLetters == 2 })
            let letters = try await harness.database.withConnection(as: harness.database.provisioned.app) {
                try await DeadLetter.list(projection: "counter", on: $0, logger: TestCluster.logger)
            }
            #expect(letters.map(\.position) == [poison.positions[0], poison.positions[0] + 1])
            #expect(letters[0].error.contains("poison"))
            #expect(letters[0].attempts == 3)
            #expect(letters[1].error.contains("waits behind"))
            #expect(try await harness.totals()["counter-p"] == 1)
            #expect(try await harness.status()?.state == .stalled)

            try await harness.database.withConnection(as: harness.database.provisioned.app) { connection in
                try await ProjectionControl.skip("counter", position: poison.positions[0], by: "test", on: connection, logger: TestCluster.logger)
                try await ProjectionControl.retry("counter", position: nil, on: connection, logger: TestCluster.logger)
            }
            #expect(try await eventually { try await harness.totals()["counter-p"] == 11 })
            #expect(try await eventually { try await harness.status()?.state == .running })
            #expect(try await harness.status()?.openDeadLetters == 0)
        }
    }

    @Test("an event that failed for a fixable reason is applied by a retry after the fix")
    func retryAfterFix() async throws {
        let harness = try await WorkerHarness.make("worker_retry")
        let flag = FileManager.default.temporaryDirectory.appendingPathComponent("poison-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: flag, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: flag) }
        try await harness.database.withStore { store in
            let worker = harness.startWorker(store)
            defer { worker.cancel() }
            try await store.append(to: "counter-r", expected: .any, [event("Counted", #"{"n": 4, "poisonUntil": "\#(flag)"}"#)])
            try await harness.count(store, "counter-s", [1])
            #expect(try await eventually { try await harness.status()?.openDeadLetters == 1 })
            #expect(try await eventually { try await harness.totals()["counter-s"] == 1 })
            try FileManager.default.removeItem(atPath: flag)
            try await harness.database.withConnection(as: harness.database.provisioned.app) {
                try await ProjectionControl.retry("counter", position: nil, on: $0, logger: TestCluster.logger)
            }
            #expect(try await eventually { try await harness.totals()["counter-r"] == 4 })
            let all = try await harness.database.withConnection(as: harness.database.provisioned.app) {
                try await DeadLetter.list(projection: "counter", all: true, on: $0, logger: TestCluster.logger)
            }
            #expect(all.map(\.status) == ["resolved"])
            #expect(try await harness.status()?.eventsApplied == 2)
        }
    }

    @Test("operator requests name real projections and parked events")
    func controlRefusals() async throws {
        let harness = try await WorkerHarness.make("worker_control")
        try await harness.database.withConnection(as: harness.database.provisioned.app) { connection in
            await #expect(throws: ProjectionControl.Failure.unknownProjection("nope")) {
                try await ProjectionControl.requestRebuild("nope", on: connection, logger: TestCluster.logger)
            }
            await #expect(throws: ProjectionControl.Failure.noOpenDeadLetter(projection: "counter", position: 5)) {
                try await ProjectionControl.skip("counter", position: 5, by: "t", on: connection, logger: TestCluster.logger)
            }
        }
    }

    @Test("a projection whose tables are not registered reports failed with the reason")
    func unregisteredTables() async throws {
        let harness = try await WorkerHarness.make("worker_unregistered", projections: [])
        try await harness.database.withStore { (store: PostgresEventStore) async throws in
            let worker = harness.startWorker(store)
            defer { worker.cancel() }
            #expect(try await eventually { try await harness.status()?.state == .failed })
            #expect(try await harness.status()?.lastError?.contains("projection_tables") == true)
        }
    }
}
