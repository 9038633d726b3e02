import Foundation
import Testing
import TransparencyLog

@Suite struct SignedNoteTests {
    /// Key and note from Go's golang.org/x/mod/sumdb/note tests (note_test.go), used as data:
    /// what Go signed with this key, byte for byte.
    enum Go {
        static let verifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        static let privateKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
        static let text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
        static let note = text + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    }

    @Test func keysDerivedFromGosPrivateKeyTextAreGosKeys() throws {
        let signer = try NoteSigner(privateKeyText: Go.privateKey)
        #expect(signer.name == "PeterNeumann")
        #expect(signer.keyID == 0xC74F_20A3)
        #expect(signer.verifierKey == Go.verifierKey)
        #expect(signer.privateKeyText == Go.privateKey)
        #expect(try NoteVerifier(verifierKey: Go.verifierKey).verifierKey == Go.verifierKey)
    }

    @Test func aNoteSignedByGoOpens() throws {
        #expect(try NoteVerifier(verifierKey: Go.verifierKey).open(Go.note) == Go.text)
    }

    #if os(Linux)
    /// Ed25519 is deterministic (RFC 8032) and swift-crypto's BoringSSL backend follows that, so
    /// on Linux the same key signs the same bytes as Go. (Apple's CryptoKit adds randomness to
    /// signatures, which verify all the same.)
    @Test func signingGivesTheNoteGoWrites() throws {
        #expect(try NoteSigner(privateKeyText: Go.privateKey).sign(Go.text) == Go.note)
    }
    #endif

    @Test func aSignedNoteOpensWithItsSignersVerifierKey() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/log")
        let text = "ledger.example/log\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
        let note = try signer.sign(text)
        #expect(note.hasPrefix(text + "\n\u{2014} ledger.example/log "))
        #expect(note.hasSuffix("\n"))
        #expect(try NoteVerifier(verifierKey: signer.verifierKey).open(note) == text)
    }

    @Test func theSignatureLineCarriesKeyIDAndA64ByteSignature() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/log")
        let note = try signer.sign("hello\n")
        let line = try #require(note.split(separator: "\n").last)
        let encoded = try #require(line.split(separator: " ").last)
        let bytes = try #require(Data(base64Encoded: String(encoded)))
        #expect(bytes.count == 68)
        #expect(bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } == signer.keyID)
    }

    @Test func theVerifierKeyIsNameHexKeyIDAndAlgorithmPrefixedPublicKey() throws {
        let signer = try NoteSigner(name: "ledger.example/log", seed: [UInt8](repeating: 1, count: 32))
        let fields = signer.verifierKey.split(separator: "+", maxSplits: 2)
        #expect(fields.count == 3)
        #expect(fields[0] == "ledger.example/log")
        #expect(fields[1] == String(format: "%08x", signer.keyID))
        let key = try #require(Data(base64Encoded: String(fields[2])))
        #expect(key.count == 33 && key.first == 0x01)
        #expect(key.dropFirst() == signer.publicKey.rawRepresentation)
    }

    @Test func aNoteSignedByAnotherKeyIsRefused() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/log")
        let impostor = try NoteSigner.generate(name: "ledger.example/log")
        let note = try impostor.sign("size 3\n")
        #expect(throws: NoteError.unknownKey) { try signer.verifier.open(note) }
    }

    @Test func aChangedBodyIsRefused() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/log")
        let note = try signer.sign("ledger.example/log\n12\nroot\n")
        let changed = note.replacingOccurrences(of: "\n12\n", with: "\n13\n")
        #expect(changed != note)
        #expect(throws: NoteError.invalidSignature) { try signer.verifier.open(changed) }
    }

    @Test func aChangedSignatureIsRefused() throws {
        let signer = try NoteSigner(name: "ledger.example/log", seed: [UInt8](repeating: 9, count: 32))
        let note = try signer.sign("text\n")
        let line = try #require(note.split(separator: "\n").last)
        let encoded = try #require(line.split(separator: " ").last)
        var bytes = try #require(Data(base64Encoded: String(encoded)))
        bytes[10] ^= 0x01
        let changed = "text\n\n\u{2014} ledger.example/log \(bytes.base64EncodedString())\n"
        #expect(throws: NoteError.invalidSignature) { try signer.verifier.open(changed) }
    }

    @Test func otherKeysSignaturesAreIgnoredButOneOfOursIsRequired() throws {
        let ours = try NoteSigner.generate(name: "ledger.example/log")
        let witness = try NoteSigner.generate(name: "witness.example")
        let text = "cosigned\n"
        let signedByBoth = try ours.sign(text) + (try witness.sign(text)).components(separatedBy: "\n\n")[1]
        #expect(try ours.verifier.open(signedByBoth) == text)
        #expect(try witness.verifier.open(signedByBoth) == text)
        #expect(throws: NoteError.unknownKey) { try ours.verifier.open(try witness.sign(text)) }
    }

    @Test func theTextMayHoldBlankLinesTheLastOneSeparatesTheSignatures() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/log")
        let text = "first\n\nthird\n"
        #expect(try signer.verifier.open(try signer.sign(text)) == text)
    }

    @Test func malformedNotesAreRefused() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/log")
        let note = try signer.sign("text\n")
        let signatureLine = try #require(note.components(separatedBy: "\n\n").last)
        for malformed in [
            "text\n",                                                   // no signatures
            "text\n\n",                                                 // blank line, no signatures
            note.replacingOccurrences(of: "\u{2014}", with: "-"),      // hyphen, not em dash
            String(note.dropLast()),                                    // no final newline
            note.replacingOccurrences(of: "text", with: "te\u{7}xt"),  // control character
            "text\n\n\u{2014} ledger.example/log\n",                   // no signature
            "text\n\n\u{2014} ledger.example/log AAAA\n",              // too short for key ID and signature
            "text\n\n\u{2014} ledger.example/log !!!!\n",              // not base64
            "text\n\n" + signatureLine + "garbage\n",                  // a line that is no signature
        ] {
            #expect(throws: NoteError.malformedNote, "\(malformed.debugDescription)") { try signer.verifier.open(malformed) }
        }
    }

    @Test func textsANoteCannotCarryAreNotSigned() throws {
        let signer = try NoteSigner.generate(name: "ledger.example/log")
        #expect(throws: NoteError.malformedText) { try signer.sign("no newline") }
        #expect(throws: NoteError.malformedText) { try signer.sign("tab\there\n") }
    }

    @Test func namesWithSpacesPlusOrNothingAreRefused() throws {
        for name in ["", "a b", "a+b", "a\u{00A0}b", "a\nb", "a\u{2003}b"] {
            #expect(throws: NoteError.invalidName(name)) { try NoteSigner(name: name, seed: [UInt8](repeating: 1, count: 32)) }
        }
        #expect(throws: NoteError.invalidName("a b")) {
            try NoteVerifier(verifierKey: "a b+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
    }

    @Test func verifierKeysThatDoNotHoldTogetherAreRefused() {
        #expect(throws: NoteError.keyIDMismatch) {
            try NoteVerifier(verifierKey: "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        #expect(throws: NoteError.keyIDMismatch) {
            try NoteVerifier(verifierKey: "PeterNeumanm+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        // From Go's tests: an unknown algorithm byte with a matching key ID.
        #expect(throws: NoteError.unsupportedAlgorithm(0x65)) {
            try NoteVerifier(verifierKey: "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
        }
        for malformed in [
            "PeterNeumann", "PeterNeumann+c74f20a3", "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "PeterNeumann+c74f20a3+not base64",
        ] {
            #expect(throws: NoteError.malformedVerifierKey, "\(malformed)") { try NoteVerifier(verifierKey: malformed) }
        }
    }

    @Test func privateKeyTextWithAWrongKeyIDIsRefused() {
        #expect(throws: NoteError.keyIDMismatch) {
            try NoteSigner(privateKeyText: "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
        }
        #expect(throws: NoteError.malformedPrivateKey) { try NoteSigner(privateKeyText: "PUBLIC+KEY+PeterNeumann+c74f20a3+AYEK") }
    }
}
