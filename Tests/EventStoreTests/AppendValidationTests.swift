@testable import EventStore
import Foundation
import Testing

/// What an append's validation decides without the database. An event type: the printable-ASCII
/// types the domain writes take a quick pass over their bytes, and every other type the full
/// rules, which count characters (not bytes) and refuse spaces and control characters.
@Suite("an append judged before any I/O")
struct AppendValidationTests {
    private func judged(_ type: String) -> Bool {
        do {
            _ = try AppendValidation(limits: EventStoreLimits()).validate(
                stream: "types", events: [EventData(type: type, data: Data("{}".utf8))])
            return true
        } catch {
            guard case .invalidEventType(type, _) = error else {
                Issue.record("refused for another reason: \(error)")
                return false
            }
            return false
        }
    }

    @Test("printable ASCII up to 200 characters is accepted")
    func printableASCII() {
        for type in ["StudentshipAwarded", "a", "x.y-z_1:2/v~!", String(repeating: "t", count: 200)] {
            #expect(judged(type), "\(type)")
        }
    }

    @Test("types that are not ASCII are counted in characters, as before")
    func notASCII() {
        #expect(judged("ÉvénementEnregistré"))
        // 200 characters of two bytes each: over 200 bytes, still within the limit.
        #expect(judged(String(repeating: "é", count: 200)))
        #expect(!judged(String(repeating: "é", count: 201)))
    }

    @Test("empty, over-long, spaced or control characters are refused, ASCII or not")
    func refused() {
        for type in ["", String(repeating: "t", count: 201), "two words", "tab\there", "line\nbreak", "del\u{7F}", "é é", "é\u{85}"] {
            #expect(!judged(type), "\(type.debugDescription)")
        }
    }

    @Test("each event keeps its own metadata when an append mixes them (metadata is printed once per run of equal ones)")
    func metadataPerEvent() throws {
        let first = EventMetadata(actor: "key:1", requestID: "r-1")
        let second = EventMetadata(actor: "key:1", requestID: "r-2")
        let kinds = [first, first, second, first, EventMetadata(), EventMetadata()]
        let validated = try AppendValidation(limits: EventStoreLimits()).validate(
            stream: "meta", events: kinds.map { EventData(type: "E", data: Data("{}".utf8), metadata: $0) })
        #expect(validated.map(\.metadataText) == kinds.map { $0.jsonText() })
        #expect(validated[2].metadataText == #"{"actor": "key:1", "requestId": "r-2"}"#)
        #expect(validated[4].metadataText == "{}")
    }

    @Test("metadata equal as text but not as bytes (é composed and decomposed) keeps each event's own bytes")
    func metadataBytesKept() throws {
        let composed = EventMetadata(actor: "caf\u{E9}")
        let decomposed = EventMetadata(actor: "cafe\u{301}")
        #expect(composed == decomposed)
        let validated = try AppendValidation(limits: EventStoreLimits()).validate(
            stream: "meta", events: [composed, decomposed].map { EventData(type: "E", data: Data("{}".utf8), metadata: $0) })
        #expect(Array(validated[0].metadataText.utf8) == Array(composed.jsonText().utf8))
        #expect(Array(validated[1].metadataText.utf8) == Array(decomposed.jsonText().utf8))
        #expect(!Array(validated[0].metadataText.utf8).elementsEqual(Array(validated[1].metadataText.utf8)))
    }
}
