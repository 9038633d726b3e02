/// Why a signed note, a key, or a text to sign was refused.
public enum NoteError: Error, Equatable, Sendable {
    /// A key name must be non-empty UTF-8 without Unicode white space, '+' or control characters.
    case invalidName(String)
    /// Not `<name>+<8 hex digits>+<base64(0x01 ‖ 32-byte Ed25519 public key)>`.
    case malformedVerifierKey
    /// Not `PRIVATE+KEY+<name>+<8 hex digits>+<base64(0x01 ‖ 32-byte Ed25519 seed)>`.
    case malformedPrivateKey
    /// The key ID in a key string is not the one its name and key determine.
    case keyIDMismatch
    /// A key for an algorithm other than Ed25519 (0x01).
    case unsupportedAlgorithm(UInt8)
    /// A seed that is not 32 bytes.
    case invalidSeed
    /// Text to sign must end in a newline and contain no control characters other than newline.
    case malformedText
    /// Not text, a blank line and signature lines, or a signature line that is not
    /// `— <name> <base64(key ID ‖ signature)>`.
    case malformedNote
    /// No signature by the verifier's key (name and key ID); other keys' signatures are ignored.
    case unknownKey
    /// A signature by the verifier's key that does not verify: the text or the signature changed.
    case invalidSignature
    /// The Ed25519 implementation refused to sign.
    case signingFailed(String)
}
