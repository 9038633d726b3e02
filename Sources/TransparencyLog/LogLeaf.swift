/// What the log commits to for one event: its 32-byte SHA-256 chain hash followed by its
/// recorded_at as a big-endian signed 64-bit count of microseconds since 1970-01-01 UTC, 40
/// bytes in all. The chain hash already covers the event's content and its predecessor; adding
/// the time makes the server's clock part of what an auditor can hold it to.
public enum LogLeaf {
    public static let eventHashLength = 32
    public static let dataLength = 40

    /// The 40 leaf bytes.
    ///
    /// - Precondition: `eventHash` is 32 bytes. Event hashes are SHA-256 digests the store wrote
    ///   itself, so another length means the store is corrupt; committing the log to a leaf that
    ///   shifts the timestamp (and so makes two events' leaves ambiguous) would be worse than
    ///   stopping.
    public static func data(eventHash: [UInt8], recordedAtMicroseconds: Int64) -> [UInt8] {
        precondition(eventHash.count == eventHashLength, "an event hash is 32 bytes of SHA-256, not \(eventHash.count)")
        var bytes = eventHash
        bytes.reserveCapacity(dataLength)
        withUnsafeBytes(of: recordedAtMicroseconds.bigEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// The leaf's hash in the tree: SHA-256(0x00 ‖ data).
    public static func hash(eventHash: [UInt8], recordedAtMicroseconds: Int64) -> LogHash {
        LogHash.leaf(data(eventHash: eventHash, recordedAtMicroseconds: recordedAtMicroseconds))
    }
}
