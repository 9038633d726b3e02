import Crypto
import Foundation
import TransparencyLog

/// The first line of a bundle: what was asked for and against which checkpoint it is proved.
/// `events` is the number of event lines that follow the key line.
public struct BundleManifest: Codable, Equatable, Sendable {
    public static let formatName = "labledger-evidence-bundle"
    /// 2: one batch proof per group of events (a `proof` line after the group). 1 (written
    /// until 2026-12-05): an audit path in every event line. The verifier reads both.
    public static let currentVersion = 2
    public static let readableVersions = 1...2
    /// The most events one proof line may cover in a bundle `verify --bundle` accepts: the
    /// verifier holds a group's leaves (40 bytes each) until its proof line. Exports write
    /// groups of `BundleStream.defaultPageSize`.
    public static let maxGroup = 100_000

    public var type = "manifest"
    public var format = BundleManifest.formatName
    public var version = BundleManifest.currentVersion
    /// `occurred` or `recorded`: which time of the event the period is on.
    public var axis: String
    public var from: String
    public var to: String
    public var fromMicros: Int64
    public var toMicros: Int64
    /// The party filter, if any, and then exactly the streams it selected (sorted).
    public var party: String?
    public var streams: [String]?
    public var origin: String
    public var treeSize: Int64
    public var rootHash: String
    public var events: Int64
    /// Version 2: the events each proof line covers; only the last group may be shorter. Part
    /// of the sealed header, so a resumed export keeps the groups it started with.
    public var groupSize: Int?

    public init(
        request: BundleRequest, streams: [String]?, origin: String, treeSize: Int64, rootHash: LogHash, events: Int64, groupSize: Int
    ) {
        axis = request.axis.rawValue
        from = BundleTime.format(request.fromMicros)
        to = BundleTime.format(request.toMicros)
        fromMicros = request.fromMicros
        toMicros = request.toMicros
        party = request.party
        self.streams = streams
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash.base64
        self.events = events
        self.groupSize = groupSize
    }

    /// The request this manifest answers; nil when its axis is unknown.
    public var request: BundleRequest? {
        guard let axis = BundleRequest.Axis(rawValue: axis) else { return nil }
        return BundleRequest(fromMicros: fromMicros, toMicros: toMicros, axis: axis, party: party)
    }
}

/// The second line: the signed checkpoint note, verbatim.
struct BundleCheckpointLine: Codable, Equatable {
    var type = "checkpoint"
    var note: String
}

/// The third line: the log's public key as a signed-note verifier key.
struct BundleKeyLine: Codable, Equatable {
    var type = "key"
    var verifierKey: String
}

/// The last line: the count of event lines and the SHA-256 of every line before it but the event
/// lines (version 2; version 1 sealed every byte before it).
struct BundleEndLine: Codable, Equatable {
    var type = "end"
    var events: Int64
    var sha256: String
}

/// One event with everything its leaf needs: its fields exactly as the chain hash covers them
/// (data and metadata as jsonb's text, in a JSON string so no re-encoding can change a byte),
/// the previous hash in its stream, its hash and recorded-at. Its proof is its group's.
public struct BundleEvent: Sendable, Equatable {
    public var logIndex: Int64
    public var eventID: UUID
    public var stream: String
    public var version: Int
    public var eventType: String
    public var schemaVersion: Int
    public var data: String
    public var metadata: String
    public var occurredAtMicros: Int64
    public var recordedAtMicros: Int64
    public var previousHash: [UInt8]
    public var hash: [UInt8]
}

/// A group of consecutive events of the bundle and the one batch proof (`BatchProof`) that
/// proves all their leaves included in the checkpoint's tree.
public struct BundlePage: Sendable, Equatable {
    public var events: [BundleEvent]
    public var proof: [LogHash]

    public init(events: [BundleEvent], proof: [LogHash]) {
        self.events = events
        self.proof = proof
    }
}

/// The event line as read back by the verifier.
struct BundleEventLine: Codable {
    var type: String
    var logIndex: Int64
    var eventId: String
    var stream: String
    var version: Int
    var eventType: String
    var schemaVersion: Int
    var data: String
    var metadata: String
    var occurredAtMicros: Int64
    var recordedAtMicros: Int64
    var previousHash: String
    var hash: String
    /// Version 1 only: the event's own audit path.
    var proof: [String]?
}

/// The line after a group of event lines (version 2): how many event lines before it it
/// proves, and their batch proof's hashes in base64.
struct BundleProofLine: Codable {
    var type: String
    var events: Int
    var hashes: [String]
}

/// Writes a bundle's lines and keeps the running SHA-256 and count the end line seals. Event
/// lines are encoded by hand, in a fixed key order: a million of them through `JSONEncoder`
/// would cost more than reading them from PostgreSQL.
///
/// The seal covers every line but the event lines (version 2). Every field of an event line is
/// bound to the signed root by its group's proof (the chain hash covers its content, the leaf
/// its hash and recorded-at, the tree its log index), and `verify --bundle` requires each event
/// line to be byte for byte its canonical encoding; hashing those bytes once more added no
/// check and was 29% of an export's instructions (callgrind, 100,000 events). The lines nothing
/// else checks, the manifest above all, are what it seals.
struct BundleEncoder {
    private(set) var hasher = SHA256()
    private(set) var eventsWritten: Int64 = 0
    /// While absorbing a resumed file: the start of the current line (up to the event prefix's
    /// length) until it is known whether the line is sealed, then whether it is.
    private var absorbedLineStart: [UInt8] = []
    private var absorbingSealedLine: Bool?

    static func jsonLine(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [0x0A]
    }

    static func header(manifest: BundleManifest, note: String, verifierKey: String) throws -> [UInt8] {
        try jsonLine(manifest) + jsonLine(BundleCheckpointLine(note: note)) + jsonLine(BundleKeyLine(verifierKey: verifierKey))
    }

    static let eventLinePrefix = Array(#"{"type":"event","#.utf8)

    /// Bytes already in the file (a resumed export), in order and in pieces of any size, sealed
    /// as they were when written: every line but the event lines.
    mutating func absorb(_ bytes: [UInt8], events: Int64 = 0) {
        eventsWritten += events
        var index = 0
        while index < bytes.count {
            let newline = bytes[index...].firstIndex(of: 0x0A)
            let end = newline.map { $0 + 1 } ?? bytes.count
            var part = bytes[index..<end]
            if absorbingSealedLine == nil {
                let taken = part.prefix(Self.eventLinePrefix.count - absorbedLineStart.count)
                absorbedLineStart += taken
                part = part.dropFirst(taken.count)
                if absorbedLineStart.count == Self.eventLinePrefix.count || newline != nil {
                    let sealed = absorbedLineStart != Self.eventLinePrefix
                    if sealed { hasher.update(data: absorbedLineStart) }
                    absorbingSealedLine = sealed
                    absorbedLineStart.removeAll(keepingCapacity: true)
                }
            }
            if absorbingSealedLine == true { hasher.update(data: part) }
            if newline != nil { absorbingSealedLine = nil }
            index = end
        }
    }

    mutating func write(header bytes: [UInt8], into output: inout [UInt8]) {
        hasher.update(data: bytes)
        output += bytes
    }

    mutating func write(_ event: BundleEvent, into output: inout [UInt8]) {
        Self.encode(event, into: &output)
        eventsWritten += 1
    }

    /// The proof line of the `events` event lines written since the previous one.
    mutating func write(proof: [LogHash], events: Int, into output: inout [UInt8]) {
        let start = output.count
        Self.encode(proof: proof, events: events, into: &output)
        seal(output, from: start)
    }

    private mutating func seal(_ output: [UInt8], from start: Int) {
        output.withUnsafeBufferPointer { hasher.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[start...]))) }
    }

    /// The end line; the bundle is complete after it.
    mutating func end() throws -> [UInt8] {
        let digest = hasher.finalize()
        return try Self.jsonLine(BundleEndLine(events: eventsWritten, sha256: Hex.encode(Array(digest))))
    }

    static func encode(_ event: BundleEvent, into out: inout [UInt8]) {
        out += #"{"type":"event","logIndex":"#.utf8
        out += String(event.logIndex).utf8
        out += #","eventId":""#.utf8
        Hex.encode(uuid: event.eventID, into: &out)
        out += #"","stream":"#.utf8
        JSONText.string(event.stream, into: &out)
        out += #","version":"#.utf8
        out += String(event.version).utf8
        out += #","eventType":"#.utf8
        JSONText.string(event.eventType, into: &out)
        out += #","schemaVersion":"#.utf8
        out += String(event.schemaVersion).utf8
        out += #","data":"#.utf8
        JSONText.string(event.data, into: &out)
        out += #","metadata":"#.utf8
        JSONText.string(event.metadata, into: &out)
        out += #","occurredAtMicros":"#.utf8
        out += String(event.occurredAtMicros).utf8
        out += #","recordedAtMicros":"#.utf8
        out += String(event.recordedAtMicros).utf8
        out += #","previousHash":""#.utf8
        Hex.encode(event.previousHash, into: &out)
        out += #"","hash":""#.utf8
        Hex.encode(event.hash, into: &out)
        out += "\"}\n".utf8
    }

    static let proofLinePrefix = Array(#"{"type":"proof","events":"#.utf8)

    static func encode(proof: [LogHash], events: Int, into out: inout [UInt8]) {
        out += proofLinePrefix
        out += String(events).utf8
        out += #","hashes":["#.utf8
        for (index, hash) in proof.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            Base64.encode(hash.bytes, into: &out)
            out.append(UInt8(ascii: "\""))
        }
        out += "]}\n".utf8
    }
}

/// RFC 8259 strings: quote, backslash and control characters escaped, everything else as is
/// (UTF-8 passes through, so the text inside is byte for byte the original).
enum JSONText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The length of each byte once escaped: 1, 2 (`\"`, `\\`, `\n`, `\r`, `\t`) or 6 (`\u00XX`).
    private static let escapedLength: [UInt8] = (0...255).map { byte in
        switch byte {
        case 0x22, 0x5C, 0x0A, 0x0D, 0x09: 2
        case 0..<0x20: 6
        default: 1
        }
    }

    static func string(_ text: String, into out: inout [UInt8]) {
        var text = text
        // Two passes: the escaped length first, then the bytes written in place into space
        // added at once. Appending run by run (an event's data is mostly short quoted keys)
        // was 16% of an export's instructions under callgrind.
        text.withUTF8 { bytes in
            var length = 2
            escapedLength.withUnsafeBufferPointer { lengths in
                for byte in bytes { length += Int(lengths[Int(byte)]) }
            }
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: length))
            out.withUnsafeMutableBufferPointer { buffer in
                var at = start
                buffer[at] = UInt8(ascii: "\"")
                at += 1
                if length == bytes.count + 2 {
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[at..<at + bytes.count]).initialize(from: bytes)
                    at += bytes.count
                } else {
                    for byte in bytes {
                        guard escapedLength[Int(byte)] != 1 else {
                            buffer[at] = byte
                            at += 1
                            continue
                        }
                        buffer[at] = 0x5C
                        switch byte {
                        case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer[at + 1] = byte
                        case 0x0A: buffer[at + 1] = UInt8(ascii: "n")
                        case 0x0D: buffer[at + 1] = UInt8(ascii: "r")
                        case 0x09: buffer[at + 1] = UInt8(ascii: "t")
                        default:
                            buffer[at + 1] = UInt8(ascii: "u")
                            buffer[at + 2] = 0x30
                            buffer[at + 3] = 0x30
                            buffer[at + 4] = hexDigits[Int(byte >> 4)]
                            buffer[at + 5] = hexDigits[Int(byte & 0xF)]
                            at += 4
                        }
                        at += 2
                    }
                }
                buffer[at] = UInt8(ascii: "\"")
            }
        }
    }
}

/// Lowercase hex, as the history's `hash` fields.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: [UInt8], into out: inout [UInt8]) {
        // Written in place into space added at once: two appends per byte checked `out`'s
        // capacity and uniqueness every time.
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bytes.count * 2))
        out.withUnsafeMutableBufferPointer { buffer in
            for (offset, byte) in bytes.enumerated() {
                buffer[start + 2 * offset] = digits[Int(byte >> 4)]
                buffer[start + 2 * offset + 1] = digits[Int(byte & 0xF)]
            }
        }
    }

    /// A UUID as `uuidString.lowercased()` spells it (8-4-4-4-12), without the two Strings
    /// those make per event.
    static func encode(uuid: UUID, into out: inout [UInt8]) {
        withUnsafeBytes(of: uuid.uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { out.append(UInt8(ascii: "-")) }
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0xF)])
            }
        }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        encode(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Lowercase hex only: one text per value, so a bundle cannot spell a hash two ways.
    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func value(_ char: UInt8) -> UInt8? {
            switch char {
            case 0x30...0x39: char - 0x30
            case 0x61...0x66: char - 0x61 + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = value(chars[index]), let low = value(chars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

/// Standard base64 with padding (the proofs' form in the audit API), written straight into
/// the line: `Data.base64EncodedString` per hash was a noticeable cost when every event line
/// carried its 20-hash audit path (version 1), and a sparse group's proof still holds thousands.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8], into out: inout [UInt8]) {
        // Encoded into a buffer on the stack and appended at once: appending character by
        // character checked `out`'s uniqueness and capacity every time (6% of an export's
        // instructions under callgrind); a temporary array per 4 characters was worse still.
        let length = (bytes.count + 2) / 3 * 4
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { buffer in
            alphabet.withUnsafeBufferPointer { alphabet in
                var index = 0, at = 0
                while index + 3 <= bytes.count {
                    let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                    buffer[at] = alphabet[Int(n >> 18 & 63)]
                    buffer[at + 1] = alphabet[Int(n >> 12 & 63)]
                    buffer[at + 2] = alphabet[Int(n >> 6 & 63)]
                    buffer[at + 3] = alphabet[Int(n & 63)]
                    index += 3
                    at += 4
                }
                let rest = bytes.count - index
                if rest > 0 {
                    let n = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
                    buffer[at] = alphabet[Int(n >> 18 & 63)]
                    buffer[at + 1] = alphabet[Int(n >> 12 & 63)]
                    buffer[at + 2] = rest == 2 ? alphabet[Int(n >> 6 & 63)] : 0x3D
                    buffer[at + 3] = 0x3D
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }
}
