import Foundation

/// Who did what on whose behalf, and why: stored with every event and covered by its hash.
public struct EventMetadata: Sendable, Hashable, Codable {
    /// The authenticated principal that issued the command (an API key id, `system`, `demo` …).
    public var actor: String?
    /// The party the actor acted for, when the principal is bound to one.
    public var onBehalfOf: String?
    /// Groups every event caused by one user intent, across streams.
    public var correlationID: String?
    /// The event or command that directly caused this one.
    public var causationID: String?
    /// The HTTP request (or job run) that carried the command.
    public var requestID: String?

    public init(
        actor: String? = nil, onBehalfOf: String? = nil, correlationID: String? = nil,
        causationID: String? = nil, requestID: String? = nil
    ) {
        self.actor = actor
        self.onBehalfOf = onBehalfOf
        self.correlationID = correlationID
        self.causationID = causationID
        self.requestID = requestID
    }

    enum CodingKeys: String, CodingKey {
        case actor, onBehalfOf, correlationID = "correlationId", causationID = "causationId", requestID = "requestId"
    }

    /// The JSON object stored in `events.metadata`; absent fields are omitted.
    func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of optional Strings cannot fail.
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else {
            return "{}"
        }
        return text
    }

    static func decode(jsonText: String) -> EventMetadata {
        (try? JSONDecoder().decode(EventMetadata.self, from: Data(jsonText.utf8))) ?? EventMetadata()
    }
}
