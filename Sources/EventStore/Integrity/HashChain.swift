import Crypto
import Foundation

/// The per-stream hash chain: `hash = SHA-256(previous hash in the stream ‖ canonical bytes)`,
/// the first event's previous hash being 32 zero bytes.
///
/// The canonical bytes are the event's own facts, each as text prefixed with its UTF-8 byte
/// length and a colon: stream id, stream version, event id (lower case), event type, schema
/// version, data and metadata in jsonb's text form, and occurred-at in integer microseconds
/// since 1970. What the database assigns at insert (global position, transaction id,
/// recorded-at) is not in the chain: the store computes the hash before the insert, and the
/// global order is what the signed digest over the whole history covers.
public enum HashChain {
    public static let genesis = Data(repeating: 0, count: 32)

    public static func hash(previous: Data, canonical: [UInt8]) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: canonical)
        return Data(hasher.finalize())
    }

    public static func canonicalBytes(
        streamID: String, streamVersion: Int, eventID: UUID, eventType: String, schemaVersion: Int,
        dataJSON: String, metadataJSON: String, occurredAtMicroseconds: Int64
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(dataJSON.utf8.count + metadataJSON.utf8.count + streamID.utf8.count + 128)
        for field in [
            streamID, String(streamVersion), eventID.uuidString.lowercased(), eventType, String(schemaVersion),
            dataJSON, metadataJSON, String(occurredAtMicroseconds),
        ] {
            bytes.append(contentsOf: String(field.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: field.utf8)
        }
        return bytes
    }

    /// Recomputes a stored event's hash from its stored fields.
    static func recompute(_ event: ChainLink, previous: Data) -> Data {
        hash(previous: previous, canonical: canonicalBytes(
            streamID: event.streamID, streamVersion: event.streamVersion, eventID: event.eventID,
            eventType: event.type, schemaVersion: event.schemaVersion,
            dataJSON: event.dataJSON, metadataJSON: event.metadataJSON,
            occurredAtMicroseconds: event.occurredAtMicroseconds))
    }
}
