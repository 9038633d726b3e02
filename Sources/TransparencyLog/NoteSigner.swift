import Crypto
import Foundation

/// Signs texts as C2SP signed notes with one Ed25519 key, byte for byte as Go's
/// golang.org/x/mod/sumdb/note writes them, so `note.Open` accepts what this signs.
public struct NoteSigner: Sendable {
    public let name: String
    public let keyID: UInt32
    /// The 32-byte seed rather than swift-crypto's key, which is not Sendable; rebuilding the key
    /// costs one scalar multiplication, nothing beside a signature.
    private let seed: [UInt8]

    public init(name: String, key: Curve25519.Signing.PrivateKey) throws(NoteError) {
        guard NoteKey.isValid(name: name) else { throw .invalidName(name) }
        self.name = name
        seed = Array(key.rawRepresentation)
        keyID = NoteKey.keyID(name: name, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// From a 32-byte Ed25519 seed (RFC 8032's private key).
    public init(name: String, seed: some Collection<UInt8>) throws(NoteError) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: Array(seed)) else {
            throw .invalidSeed
        }
        try self.init(name: name, key: key)
    }

    /// From Go's private key text, `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>`
    /// (what `note.GenerateKey` prints); the key ID must match the key.
    public init(privateKeyText: String) throws(NoteError) {
        let fields = privateKeyText.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0] == "PRIVATE", fields[1] == "KEY",
              let id = NoteKey.parseHex(fields[3]),
              let encoded = Data(base64Encoded: String(fields[4])), let algorithm = encoded.first
        else { throw .malformedPrivateKey }
        guard algorithm == NoteKey.ed25519 else { throw .unsupportedAlgorithm(algorithm) }
        guard encoded.count == 33 else { throw .malformedPrivateKey }
        try self.init(name: String(fields[2]), seed: encoded.dropFirst())
        guard keyID == id else { throw .keyIDMismatch }
    }

    /// A signer with a fresh random key.
    public static func generate(name: String) throws(NoteError) -> NoteSigner {
        try NoteSigner(name: name, key: Curve25519.Signing.PrivateKey())
    }

    /// A seed this type accepted always makes a key again.
    private var key: Curve25519.Signing.PrivateKey {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            preconditionFailure("a 32-byte seed swift-crypto accepted once is accepted again")
        }
        return key
    }

    public var publicKey: Curve25519.Signing.PublicKey { key.publicKey }

    /// `<name>+<8 lowercase hex digits of the key ID>+<base64(0x01 ‖ 32-byte public key)>`: what
    /// auditors configure, and what Go's `note.NewVerifier` parses.
    public var verifierKey: String {
        "\(name)+\(NoteKey.hex(keyID))+\(Data([NoteKey.ed25519] + key.publicKey.rawRepresentation).base64EncodedString())"
    }

    /// Go's private key text for this key (see `init(privateKeyText:)`). It holds the seed:
    /// keep it as secret as the key.
    public var privateKeyText: String {
        "PRIVATE+KEY+\(name)+\(NoteKey.hex(keyID))+\(Data([NoteKey.ed25519] + key.rawRepresentation).base64EncodedString())"
    }

    /// The verifier for this signer's key.
    public var verifier: NoteVerifier {
        NoteVerifier(name: name, keyID: keyID, publicKey: Array(key.publicKey.rawRepresentation))
    }

    /// The signed note: `text`, a blank line, and `— <name> <base64(key ID ‖ signature)>\n`,
    /// the signature being Ed25519 over exactly `text`. `text` must end in a newline and hold no
    /// control characters but newlines, or no verifier could open the note.
    public func sign(_ text: String) throws(NoteError) -> String {
        let bytes = Array(text.utf8)
        guard bytes.last == 0x0A, NoteKey.hasOnlyAllowedControls(bytes) else { throw .malformedText }
        let signature: Data
        do {
            signature = try key.signature(for: bytes)
        } catch {
            throw .signingFailed(String(describing: error))
        }
        let encoded = Data(NoteKey.bigEndian(keyID) + signature).base64EncodedString()
        return "\(text)\n\u{2014} \(name) \(encoded)\n"
    }

    /// The signed checkpoint note.
    public func sign(_ checkpoint: Checkpoint) throws(NoteError) -> String {
        try sign(checkpoint.body)
    }
}
