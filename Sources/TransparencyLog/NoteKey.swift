import Crypto
import Foundation

/// The parts of C2SP signed-note shared by signer and verifier: key names, key IDs, the
/// Ed25519 algorithm byte and the signature line's em dash.
enum NoteKey {
    /// Signature type of Ed25519 in signed-note (C2SP signed-note, "Signature types").
    static let ed25519: UInt8 = 0x01
    /// "— ": em dash (U+2014) and a space, which starts every signature line.
    static let signaturePrefix: [UInt8] = Array("\u{2014} ".utf8)

    /// Non-empty, no Unicode white space (Go's unicode.IsSpace is the White_Space property) and
    /// no '+', which separates the fields of key strings. Control characters are refused too:
    /// a note may not contain them, so such a name could never sign one.
    static func isValid(name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 }
    }

    /// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian: the ID signed-note recommends
    /// and Go's note package requires.
    static func keyID(name: String, publicKey: some Collection<UInt8>) -> UInt32 {
        keyID(name: name, encodedKey: [ed25519] + publicKey)
    }

    /// The same over a key already prefixed with its algorithm byte, whatever that is.
    static func keyID(name: String, encodedKey: some Collection<UInt8>) -> UInt32 {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8))
        hasher.update(data: [0x0A])
        hasher.update(data: Array(encodedKey))
        return hasher.finalize().prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func hex(_ id: UInt32) -> String {
        let digits = String(id, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Exactly eight hex digits, as Go's parser requires.
    static func parseHex(_ text: Substring) -> UInt32? {
        // UInt32(_:radix:) alone would accept a sign and fewer digits.
        guard text.utf8.count == 8, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x46).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        return UInt32(text, radix: 16)
    }

    static func bigEndian(_ id: UInt32) -> [UInt8] {
        [UInt8(id >> 24), UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF)]
    }

    /// No control characters but newline: signed-note's rule for a whole note, "control" meaning
    /// below U+0020 (in UTF-8 those characters are exactly the bytes below 0x20).
    static func hasOnlyAllowedControls(_ bytes: some Sequence<UInt8>) -> Bool {
        !bytes.contains { $0 < 0x20 && $0 != 0x0A }
    }
}
