import Crypto
import Foundation

/// Opens C2SP signed notes signed by one known Ed25519 key, with the rules of Go's
/// golang.org/x/mod/sumdb/note `Open`: signatures by other keys are ignored, a bad signature
/// by this key rejects the note, and a note this key did not sign is rejected.
public struct NoteVerifier: Hashable, Sendable {
    public let name: String
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key, kept as bytes because swift-crypto's key type is not
    /// Sendable.
    public let publicKeyBytes: [UInt8]

    /// At most this many signature lines are read, as Go's note package does, so a huge note
    /// costs bounded work.
    public static let maximumSignatures = 100

    init(name: String, keyID: UInt32, publicKey: [UInt8]) {
        self.name = name
        self.keyID = keyID
        publicKeyBytes = publicKey
    }

    /// Parses `<name>+<8 hex digits>+<base64(0x01 ‖ 32-byte Ed25519 public key)>`, checking the
    /// key ID against name and key.
    public init(verifierKey: String) throws(NoteError) {
        let fields = verifierKey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let id = NoteKey.parseHex(fields[1]),
              let encoded = Data(base64Encoded: String(fields[2])), let algorithm = encoded.first
        else { throw .malformedVerifierKey }
        let name = String(fields[0])
        guard NoteKey.isValid(name: name) else { throw .invalidName(name) }
        guard NoteKey.keyID(name: name, encodedKey: encoded) == id else { throw .keyIDMismatch }
        guard algorithm == NoteKey.ed25519 else { throw .unsupportedAlgorithm(algorithm) }
        guard encoded.count == 33, (try? Curve25519.Signing.PublicKey(rawRepresentation: encoded.dropFirst())) != nil else {
            throw .malformedVerifierKey
        }
        self.init(name: name, keyID: id, publicKey: Array(encoded.dropFirst()))
    }

    public var verifierKey: String {
        "\(name)+\(NoteKey.hex(keyID))+\(Data([NoteKey.ed25519] + publicKeyBytes).base64EncodedString())"
    }

    /// The note's text (ending in its newline, without the blank line) once a signature by this
    /// key verifies over it.
    public func open(_ note: String) throws(NoteError) -> String {
        let bytes = Array(note.utf8)
        guard NoteKey.hasOnlyAllowedControls(bytes) else { throw .malformedNote }
        // Parsed when the verifier was made, so this only fails if that check was wrong.
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes) else { throw .malformedNote }
        // The text ends at the last blank line: it may contain blank lines of its own, the
        // signature lines cannot.
        guard let split = Self.lastBlankLine(in: bytes) else { throw .malformedNote }
        let text = bytes[..<(split + 1)]
        let signatures = bytes[(split + 2)...]
        guard signatures.last == 0x0A else { throw .malformedNote }

        var verified = false
        var count = 0
        for line in signatures.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false) {
            count += 1
            guard count <= Self.maximumSignatures, line.starts(with: NoteKey.signaturePrefix) else { throw .malformedNote }
            let rest = line.dropFirst(NoteKey.signaturePrefix.count)
            guard let space = rest.firstIndex(of: 0x20) else { throw .malformedNote }
            let signerName = String(decoding: rest[..<space], as: UTF8.self)
            let base64 = String(decoding: rest[(space + 1)...], as: UTF8.self)
            guard NoteKey.isValid(name: signerName), !base64.isEmpty,
                  let signature = Data(base64Encoded: base64), signature.count >= 5
            else { throw .malformedNote }
            let id = signature.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            // Another key's signature, or one sharing only the name or only the ID: not ours to
            // judge (signed-note: verifiers MUST ignore signatures from unknown keys).
            guard signerName == name, id == keyID else { continue }
            // Every signature by this key must verify, not just the first one.
            guard publicKey.isValidSignature(signature.dropFirst(4), for: text) else { throw .invalidSignature }
            verified = true
        }
        guard verified else { throw .unknownKey }
        return String(decoding: text, as: UTF8.self)
    }

    /// Index of the first newline of the last "\n\n".
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
