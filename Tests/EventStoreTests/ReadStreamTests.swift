import EventStore
import TestSupport
import Foundation
import Testing

@Suite("Reading one stream")
struct ReadStreamTests {
    @Test("forwards from a version, backwards from a version, with limits; metadata comes back")
    func directionsAndLimits() async throws {
        let database = try await TestDatabase.make("readstream")
        try await database.withStore { store in
            var metadata = EventMetadata(actor: "key:42", onBehalfOf: "tencent", correlationID: "corr", causationID: "cause", requestID: "req")
            for index in 1...10 {
                metadata.requestID = "req-\(index)"
                try await store.append(to: "s", expected: .exact(index - 1), [
                    EventData(type: "E", data: Data(#"{"i": \#(index)}"#.utf8), metadata: metadata),
                ])
            }
            try await store.append(to: "other", expected: .noStream, [event()])
            let forwards = try await store.readStream("s", from: 4, limit: 3)
            #expect(forwards.map(\.streamVersion) == [4, 5, 6])
            let backwards = try await store.readStream("s", from: 8, direction: .backwards, limit: 3)
            #expect(backwards.map(\.streamVersion) == [8, 7, 6])
            let newest = try await store.readStream("s", from: .max, direction: .backwards, limit: 1)
            #expect(newest.map(\.streamVersion) == [10])
            #expect(newest[0].metadata.actor == "key:42")
            #expect(newest[0].metadata.requestID == "req-10")
            #expect(newest[0].metadata.onBehalfOf == "tencent")
            #expect(String(decoding: newest[0].data, as: UTF8.self) == #"{"i": 10}"#)
            #expect(try await store.readStream("missing").isEmpty)
            #expect(try await store.currentVersion(of: "s") == 10)
            #expect(try await store.currentVersion(of: "missing") == 0)
        }
    }
}
