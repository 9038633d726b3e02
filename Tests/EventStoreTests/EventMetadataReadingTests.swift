@testable import EventStore
import Foundation
import Testing

/// Stored metadata is read by the store's own parser; every text must read as `JSONDecoder`
/// reads it (which is still asked where the parser leaves the decision to it).
@Suite("stored metadata, read without JSONDecoder")
struct EventMetadataReadingTests {
    private func decoded(_ text: String) -> EventMetadata {
        (try? JSONDecoder().decode(EventMetadata.self, from: Data(text.utf8))) ?? EventMetadata()
    }

    static let texts = [
        "{}",
        #"{"actor": "admin:k1"}"#,
        #"{"actor": "university:k2", "requestId": "r-1", "onBehalfOf": "cuhk-shenzhen", "causationId": "c", "correlationId": "x"}"#,
        #"{"actor": "caf\u00e9 \"quoted\" \\ back\/slash \n 😀", "requestId": "\ud83d\ude80"}"#,
        #"{"actor": null, "requestId": "r"}"#,
        #"{"actor": "a", "unknown": {"deep": [1, 2, {"x": null}]}, "other": 7}"#,
        #"{"actor": 7}"#,
        #"{"actor": "a", "requestId": true}"#,
        #"{"actor": "a", "actor": "b"}"#,
        #"{"actorX": "a", "Actor": "b"}"#,
        "[]",
        "\"text\"",
        "not json",
        "",
        #"{"actor": "a",}"#,
        #"{"actor": "a\u0000b"}"#,
        #"{"actor": "\ud800"}"#,
        #"{"actor": "\ud800\u0041", "requestId": "r"}"#,
    ]

    @Test("every text reads as JSONDecoder reads it", arguments: texts)
    func sameAsTheDecoder(_ text: String) {
        #expect(EventMetadata.decode(jsonText: text) == decoded(text))
    }

    @Test("what the store writes reads back whole, without the decoder")
    func writtenTextReadsBack() throws {
        let metadata = EventMetadata(
            actor: "admin:ключ", onBehalfOf: "tencent", correlationID: "corr \"1\"", causationID: "tab\there", requestID: "req\u{1}")
        let read = try #require(EventMetadata.read(storedText: metadata.jsonText()))
        #expect(read == metadata)
        #expect(EventMetadata.read(storedText: EventMetadata().jsonText()) == EventMetadata())
    }

    @Test("a known field that is not a string, or twice, is left to the decoder")
    func leftToTheDecoder() {
        #expect(EventMetadata.read(storedText: #"{"actor": 7}"#) == nil)
        #expect(EventMetadata.read(storedText: #"{"actor": "a", "actor": "b"}"#) == nil)
        #expect(EventMetadata.read(storedText: "[]") == nil)
        // Escapes the parser drops: the decoder reads them its own way.
        #expect(EventMetadata.read(storedText: #"{"actor": "a\u0000b"}"#) == nil)
        #expect(EventMetadata.read(storedText: #"{"actor": "\ud800"}"#) == nil)
    }
}
