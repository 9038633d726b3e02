import EventStore
import Foundation
import LabLedgerProjections
import Testing
import TestSupport

@Suite("Batches larger than one read")
struct LargeBatchTests {
    @Test("a rebuild batch above the store's read limit is read in pieces, folded in chunks, each stream written once, and leaves the tables page-by-page pages leave")
    func largeBatchEqualsSmallPages() async throws {
        let harness = try await WorkerHarness.make("worker_large_batch")
        try await harness.database.withStore { store in
            // 12,345 events over 41 streams, appended 500 at a time: more than one read of the
            // store's (10,000), and 24 of the streams have events in two chunks of 1,000.
            var expected: [String: Int] = [:]
            var appended = 0
            while appended < 12_345 {
                let stream = "counter-\(appended / 500 % 41)"
                let values = (appended..<min(appended + 500, 12_345)).map { $0 % 97 }
                try await store.append(to: stream, expected: .any, values.map { event("Counted", #"{"n": \#($0)}"#) })
                expected[stream, default: 0] += values.reduce(0, +)
                appended += values.count
            }
            for index in 0..<41 {
                try await store.append(to: "counter-\(index)", expected: .any, [event("Counted", #"{"n": \#(index)}"#)])
                expected["counter-\(index)", default: 0] += index
            }

            let small = harness.startWorker(store, options: WorkerHarness.options(batchSize: 100), name: "small")
            #expect(try await eventually(seconds: 120) { try await harness.totals() == expected })
            small.cancel()
            _ = await small.result
            let pageByPage = try await harness.dump()

            var options = WorkerHarness.options(batchSize: 100)
            options.rebuildBatchSize = 25_000
            let large = harness.startWorker(store, options: options, name: "large", foldChunk: 1_000)
            defer { large.cancel() }
            try await harness.database.withConnection(as: harness.database.provisioned.app) {
                try await ProjectionControl.requestRebuild("counter", on: $0, logger: TestCluster.logger)
            }
            #expect(try await eventually(seconds: 120) { try await harness.status()?.generation == 2 })
            let status = try #require(try await harness.status())
            #expect(status.eventsApplied == 12_386)
            #expect(status.openDeadLetters == 0)
            #expect(try await harness.totals() == expected)
            #expect(try await harness.dump() == pageByPage)
            // One transaction wrote every document: the batch was not refused and applied again
            // event by event, which would leave the same tables.
            #expect(try await harness.database.count("SELECT count(DISTINCT xmin::text) FROM counter_documents") == 1)

            // Catching up on documents that exist: 1,550 events on 31 of the streams, one page
            // (the runner starts as if behind) folded in two chunks; the old rows are replaced.
            large.cancel()
            _ = await large.result
            for index in 0..<31 {
                try await store.append(to: "counter-\(index)", expected: .any, (0..<50).map { _ in event("Counted", #"{"n": 3}"#) })
                expected["counter-\(index)", default: 0] += 150
            }
            let again = harness.startWorker(store, options: options, name: "again", foldChunk: 1_000)
            defer { again.cancel() }
            #expect(try await eventually(seconds: 120) { try await harness.totals() == expected })
            #expect(try await harness.status()?.eventsApplied == 12_386 + 1_550)
            #expect(try await harness.database.count("SELECT count(DISTINCT xmin::text) FROM counter_totals WHERE updated_position > 12386") == 1)
        }
    }
}
