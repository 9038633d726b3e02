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

    enum CodingKeys: String, CodingKey, CaseIterable {
        case actor, onBehalfOf, correlationID = "correlationId", causationID = "causationId", requestID = "requestId"
    }

    /// The JSON object stored in `events.metadata`, already in jsonb's text form (keys by
    /// length, then bytes; absent fields omitted). Written by hand because it runs for every
    /// appended event and a general JSON encoder costs more than the rest of the append.
    func jsonText() -> String {
        let fields: [(String, String?)] = [
            ("actor", actor), ("requestId", requestID), ("onBehalfOf", onBehalfOf),
            ("causationId", causationID), ("correlationId", correlationID),
        ]
        var output: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        for (key, value) in fields {
            guard let value else { continue }
            if !first { output.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
            first = false
            CanonicalJSON.writeString(Array(key.utf8), into: &output)
            output.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
            CanonicalJSON.writeString(Array(value.utf8), into: &output)
        }
        output.append(UInt8(ascii: "}"))
        return String(decoding: output, as: UTF8.self)
    }

    /// Equal to the byte: `==` compares strings by canonical equivalence, and the store keeps
    /// each event's metadata exactly as given.
    func isByteIdentical(to other: EventMetadata) -> Bool {
        func same(_ left: String?, _ right: String?) -> Bool {
            switch (left, right) {
            case (nil, nil): return true
            case let (left?, right?): return left.utf8.elementsEqual(right.utf8)
            default: return false
            }
        }
        return same(actor, other.actor) && same(onBehalfOf, other.onBehalfOf) && same(correlationID, other.correlationID)
            && same(causationID, other.causationID) && same(requestID, other.requestID)
    }

    /// The metadata of a stored event (`metadata::text`). Read with the store's own JSON parser:
    /// a `JSONDecoder` per event was 5% of a projection rebuild's instructions. What that parser
    /// does not settle the way the decoder would (a known field that is not a string or null,
    /// a known field twice, anything but an object) is left to the decoder, which decides as
    /// before; stored metadata is always an object of strings, written by `jsonText()`.
    static func decode(jsonText: String) -> EventMetadata {
        if let read = read(storedText: jsonText) { return read }
        return (try? JSONDecoder().decode(EventMetadata.self, from: Data(jsonText.utf8))) ?? EventMetadata()
    }

    static func read(storedText: String) -> EventMetadata? {
        var parser = CanonicalJSON.Parser(bytes: Array(storedText.utf8))
        // `needsDatabase`: an escape the parser drops (`\u0000`, a lone surrogate), which the
        // decoder reads otherwise.
        guard case .object(let members)? = try? parser.parseDocument(), !parser.needsDatabase else { return nil }
        var metadata = EventMetadata()
        var seen: [CodingKeys] = []
        for (key, value) in members {
            guard let field = CodingKeys.allCases.first(where: { $0.stringValue.utf8.elementsEqual(key) }) else { continue }
            guard !seen.contains(field) else { return nil }
            seen.append(field)
            let text: String?
            switch value {
            case .string(let bytes): text = String(decoding: bytes, as: UTF8.self)
            case .null: text = nil
            default: return nil
            }
            switch field {
            case .actor: metadata.actor = text
            case .onBehalfOf: metadata.onBehalfOf = text
            case .correlationID: metadata.correlationID = text
            case .causationID: metadata.causationID = text
            case .requestID: metadata.requestID = text
            }
        }
        return metadata
    }
}
