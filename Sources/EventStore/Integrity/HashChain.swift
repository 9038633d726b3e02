import Crypto
import Foundation

/// The per-stream hash chain, computed here independently of the database's insert trigger
/// (schema/0002_events.sql). Both must produce the same bytes: that is what lets `verify`
/// catch a row altered behind the store's back, and what an auditor can re-implement.
public enum HashChain {
    /// The "previous hash" of a stream's first event.
    public static let genesis = Data(repeating: 0, count: 32)

    /// `hash = SHA-256(previous ‖ canonical bytes)`.
    public static func hash(previous: Data, canonical: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonical)
        return Data(hasher.finalize())
    }

    /// Each field as text, prefixed with its length in UTF-8 bytes and a colon.
    static func canonicalBytes(of event: RecordedEvent) -> Data {
        let fields = [
            String(event.globalPosition),
            event.streamID,
            String(event.streamVersion),
            event.eventID.uuidString.lowercased(),
            event.type,
            String(event.schemaVersion),
            String(decoding: event.data, as: UTF8.self),
            event.metadataJSON,
            String(event.occurredAtMicroseconds),
            String(event.recordedAtMicroseconds),
            String(event.transactionID),
        ]
        var bytes = Data()
        for field in fields {
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: Array("\(utf8.count):".utf8))
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }
}
