/// Why a checkpoint body was refused.
public enum CheckpointError: Error, Equatable, Sendable {
    /// The origin must be non-empty and hold no control characters (it is one line).
    case invalidOrigin(String)
    /// The size must be at least 0.
    case negativeSize(Int64)
    /// Not at least three non-empty lines, each ending in a newline.
    case malformedBody
    /// Not ASCII decimal without leading zeros, or beyond Int64.
    case malformedSize
    /// Not the canonical base64 of 32 bytes.
    case malformedRoot
    /// An extension line must be non-empty and hold no control characters.
    case invalidExtension(String)
}

/// A C2SP tlog-checkpoint: the log's origin, its size and the RFC 9162 root of its first `size`
/// leaves. `body` is the note text a `NoteSigner` signs.
public struct Checkpoint: Hashable, Sendable {
    public let origin: String
    public let size: Int64
    public let root: LogHash
    /// Opaque lines after the root. The spec allows them and discourages them (monitors cannot
    /// audit them); LabLedger writes none, parsing keeps them so a body round-trips.
    public let extensions: [String]

    public init(origin: String, size: Int64, root: LogHash, extensions: [String] = []) throws(CheckpointError) {
        guard Self.isLine(origin) else { throw .invalidOrigin(origin) }
        guard size >= 0 else { throw .negativeSize(size) }
        if let bad = extensions.first(where: { !Self.isLine($0) }) { throw .invalidExtension(bad) }
        self.origin = origin
        self.size = size
        self.root = root
        self.extensions = extensions
    }

    /// `<origin>\n<size in decimal>\n<base64 root>\n`, then any extension lines, each with its
    /// newline.
    public var body: String {
        ([origin, String(size), root.base64] + extensions).map { $0 + "\n" }.joined()
    }

    /// The checkpoint in a note text (typically what `NoteVerifier.open` returned); strict, so
    /// that one checkpoint has one body.
    public static func parse(body: String) throws(CheckpointError) -> Checkpoint {
        guard body.hasSuffix("\n") else { throw .malformedBody }
        let lines = body.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3, lines.allSatisfy({ !$0.isEmpty }) else { throw .malformedBody }
        guard let size = parseSize(lines[1]) else { throw .malformedSize }
        guard let root = LogHash(base64: lines[2]), root.base64 == lines[2] else { throw .malformedRoot }
        return try Checkpoint(origin: lines[0], size: size, root: root, extensions: Array(lines[3...]))
    }

    /// Opens a signed checkpoint note with `verifier` and parses its body.
    public static func open(_ note: String, verifier: NoteVerifier) throws -> Checkpoint {
        try parse(body: verifier.open(note))
    }

    private static func isLine(_ text: String) -> Bool {
        !text.isEmpty && NoteKey.hasOnlyAllowedControls(text.utf8) && !text.utf8.contains(0x0A)
    }

    /// ASCII digits, no leading zero unless the size is 0, within Int64.
    private static func parseSize(_ text: String) -> Int64? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard digits.count == 1 || digits[0] != 0x30 else { return nil }
        return Int64(text)
    }
}
