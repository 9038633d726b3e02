import EventStore
import TestSupport
import Foundation
import Testing

@Suite("Idempotent appends")
struct IdempotencyTests {
    let database: TestDatabase

    init() async throws {
        database = try await TestDatabase.make("idem")
    }

    @Test("retrying an append with the same ids answers the first positions and writes nothing")
    func sameIdsSameContent() async throws {
        let batch = [event("Opened", #"{"a": 1}"#), event("Noted", #"{"b": "x"}"#)]
        try await database.withStore { store in
            let first = try await store.append(to: "idem-1", expected: .noStream, batch)
            let before = try await database.count()
            // The retry may come with the original expectation, with any, or with new metadata.
            let retryExact = try await store.append(to: "idem-1", expected: .noStream, batch)
            let retryAny = try await store.append(to: "idem-1", expected: .any, batch)
            var restamped = batch
            restamped[0].metadata.requestID = "retry"
            let retryMetadata = try await store.append(to: "idem-1", expected: .exact(0), restamped)
            for retry in [retryExact, retryAny, retryMetadata] {
                #expect(retry.positions == first.positions)
                #expect(retry.streamVersion == first.streamVersion)
                #expect(retry.transactionID == first.transactionID)
                #expect(retry.wasAlreadyAppended)
            }
            #expect(!first.wasAlreadyAppended)
            #expect(try await database.count() == before)
        }
    }

    @Test("the same ids with other data, type or stream are an idempotency conflict")
    func sameIdsOtherContent() async throws {
        let original = event("Opened", #"{"a": 1}"#)
        try await database.withStore { store in
            try await store.append(to: "idem-2", expected: .noStream, [original])
            let before = try await database.count()
            var otherData = original
            otherData.data = Data(#"{"a": 2}"#.utf8)
            var otherType = original
            otherType.type = "Closed"
            for (stream, attempt) in [("idem-2", otherData), ("idem-2", otherType), ("idem-other", original)] {
                await #expect(throws: EventStoreError.idempotencyConflict(stream: stream, eventIDs: [original.id])) {
                    try await store.append(to: stream, expected: .any, [attempt])
                }
            }
            // Some ids old, some new: not a retry of anything.
            let mixed = [original, event("New")]
            await #expect(throws: EventStoreError.idempotencyConflict(stream: "idem-2", eventIDs: mixed.map(\.id))) {
                try await store.append(to: "idem-2", expected: .any, mixed)
            }
            #expect(try await database.count() == before)
        }
    }

    @Test("JSON that differs only in spacing and key order is the same content")
    func jsonEquivalence() async throws {
        let id = UUID()
        try await database.withStore { store in
            let first = try await store.append(to: "idem-3", expected: .noStream, [event("E", #"{"a":1,"b":[1,2]}"#, id: id)])
            let retry = try await store.append(to: "idem-3", expected: .noStream, [event("E", #"{ "b": [1, 2], "a": 1 }"#, id: id)])
            #expect(retry.positions == first.positions)
        }
    }

    @Test("concurrent identical retries write once and all answer the same positions")
    func concurrentRetries() async throws {
        let batch = [event("Once"), event("Twice")]
        let results = try await database.withStore { store in
            try await withThrowingTaskGroup(of: AppendResult.self) { group in
                for _ in 0..<12 {
                    group.addTask { try await store.append(to: "idem-4", expected: .noStream, batch) }
                }
                return try await group.reduce(into: [AppendResult]()) { $0.append($1) }
            }
        }
        #expect(Set(results.map(\.positions)).count == 1)
        #expect(results.filter { !$0.wasAlreadyAppended }.count == 1)
        #expect(try await database.count("SELECT count(*) FROM events WHERE stream_id = 'idem-4'") == 2)
    }
}
