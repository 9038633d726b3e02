import EventStore
import TestSupport
import Foundation
import Testing

@Suite("Bad input is refused with a typed error and writes nothing")
struct BadInputTests {
    let database: TestDatabase

    init() async throws {
        database = try await TestDatabase.make("badinput")
    }

    private func expectRefused(
        _ expected: EventStoreError, stream: String = "bad", _ events: [EventData],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        try await database.withStore { store in
            await #expect(throws: expected, sourceLocation: sourceLocation) {
                try await store.append(to: stream, expected: .any, events)
            }
        }
        #expect(try await database.count() == 0, sourceLocation: sourceLocation)
    }

    @Test("an empty event list")
    func emptyList() async throws {
        try await expectRefused(.emptyAppend(stream: "bad"), [])
    }

    @Test("a payload that is not JSON, or JSON but not an object")
    func notJSONObject() async throws {
        for body in ["not json", "[1, 2]", "42", "\"text\"", "{\"open\": "] {
            let bad = event("E", body)
            try await expectRefused(.payloadNotJSONObject(eventID: bad.id, field: "data"), [bad])
        }
    }

    @Test("a payload over the size limit")
    func oversized() async throws {
        let limit = EventStoreLimits().maxDataBytes
        let big = event("E", #"{"blob": ""# + String(repeating: "x", count: limit) + #""}"#)
        try await expectRefused(.payloadTooLarge(eventID: big.id, bytes: big.data.count, limit: limit), [big])
    }

    @Test("a JSON escape that jsonb cannot store")
    func nulEscape() async throws {
        let bad = event("E", #"{"text": "a\u0000b"}"#)
        try await database.withStore { store in
            await #expect {
                try await store.append(to: "bad", expected: .any, [bad])
            } throws: { error in
                if case EventStoreError.payloadRejected = error { return true }
                return false
            }
        }
        #expect(try await database.count() == 0)
    }

    @Test("empty, over-long or spaced stream ids")
    func badStreamIDs() async throws {
        for stream in ["", String(repeating: "s", count: 201), "two words", "tab\there"] {
            try await database.withStore { store in
                await #expect {
                    try await store.append(to: stream, expected: .any, [event()])
                } throws: { error in
                    if case EventStoreError.invalidStreamID(stream, _) = error { return true }
                    return false
                }
            }
        }
        #expect(try await database.count() == 0)
    }

    /// The ASCII fast path must not refuse what the full check accepts: a length in characters
    /// (not bytes) up to the limit, and any scalar but spaces and control characters.
    @Test("stream ids of up to 200 code points, ASCII or not, are taken; DEL and 201 code points are not")
    func streamIDsAtTheirLimits() async throws {
        let taken = [String(repeating: "s", count: 200), String(repeating: "\u{E9}", count: 200), "lab-z\u{FC}rich-2026", "~!#"]
        try await database.withStore { store in
            for stream in taken {
                try await store.append(to: stream, expected: .any, [event()])
            }
            // DEL is a control character; and a length counts code points, as the table's
            // CHECK does: 150 letters with a combining accent are 300 of them.
            for refused in ["del\u{7F}", String(repeating: "e\u{301}", count: 150)] {
                await #expect {
                    try await store.append(to: refused, expected: .any, [event()])
                } throws: { error in
                    if case EventStoreError.invalidStreamID = error { return true }
                    return false
                }
            }
        }
        #expect(try await database.count() == taken.count)
    }

    @Test("empty or over-long event types")
    func badEventTypes() async throws {
        // 150 letters with a combining accent: 150 Swift characters, 300 code points.
        for type in ["", String(repeating: "t", count: 201), String(repeating: "e\u{301}", count: 150)] {
            try await database.withStore { store in
                await #expect {
                    try await store.append(to: "bad", expected: .any, [event(type)])
                } throws: { error in
                    if case EventStoreError.invalidEventType(type, _) = error { return true }
                    return false
                }
            }
        }
        #expect(try await database.count() == 0)
    }

    @Test("one bad event spoils the whole append")
    func oneBadEventInBatch() async throws {
        let bad = event("E", "[]")
        try await expectRefused(.payloadNotJSONObject(eventID: bad.id, field: "data"), [event(), event(), bad])
    }

    @Test("the same event id twice in one append")
    func duplicateInBatch() async throws {
        let twice = event()
        try await expectRefused(.duplicateEventID(twice.id), [twice, twice])
    }

    @Test("too many events in one append")
    func tooMany() async throws {
        let limit = EventStoreLimits().maxEventsPerAppend
        try await expectRefused(.tooManyEvents(count: limit + 1, limit: limit), (0...limit).map { _ in event() })
    }

    @Test("read limits out of range")
    func readLimits() async throws {
        try await database.withStore { store in
            await #expect(throws: EventStoreError.invalidReadLimit(0)) { try await store.readAll(limit: 0) }
            await #expect(throws: EventStoreError.invalidReadLimit(10_001)) { try await store.readStream("s", limit: 10_001) }
        }
    }
}
