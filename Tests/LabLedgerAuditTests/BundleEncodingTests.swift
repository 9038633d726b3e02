import Foundation
import Testing
@testable import LabLedgerAudit

/// The bundle's hand-written encoders against Foundation's: the same text, without the
/// allocations that made them a cost per event.
@Suite struct BundleEncodingTests {
    @Test(arguments: [
        "", "plain", "quote \" and backslash \\", "new\nline, tab\t, return\r", "\u{0} \u{1} \u{1F} \u{7F}",
        "non-ASCII: Zürich 深圳 🧪", "separators \u{2028} \u{2029}", "/slash/", String(repeating: "\"", count: 40),
    ])
    func aStringIsValidJSONThatReadsBackAsItself(text: String) throws {
        var out: [UInt8] = []
        JSONText.string(text, into: &out)
        let decoded = try JSONSerialization.jsonObject(with: Data(out), options: [.fragmentsAllowed]) as? String
        #expect(decoded == text)
        // Only what JSON requires is escaped: one backslash per escape, and a backslash of the
        // text is the escaped byte of its own escape.
        let backslashes = out.filter { $0 == 0x5C }.count
        let needed = text.utf8.filter { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }.count
        #expect(backslashes == needed + text.utf8.filter { $0 == UInt8(ascii: "\\") }.count)
    }

    @Test func base64IsFoundationsForEveryLengthUpToThirtyThree() {
        for length in 0...33 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            var out: [UInt8] = []
            Base64.encode(bytes, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == Data(bytes).base64EncodedString(), "length \(length)")
        }
    }

    @Test func aUUIDIsItsLowercasedString() {
        for _ in 0..<100 {
            let uuid = UUID()
            var out: [UInt8] = []
            Hex.encode(uuid: uuid, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == uuid.uuidString.lowercased())
        }
    }

    /// A resumed export re-reads its kept bytes in pieces of 1 MiB, which can end anywhere: in
    /// the middle of an event line's first bytes too. The seal must come out as if the lines had
    /// been written now, every line but the event lines.
    @Test func absorbingKeptBytesInPiecesOfAnySizeSealsEveryLineButTheEventLines() throws {
        let lines = [
            #"{"format":"labledger-evidence-bundle","type":"manifest"}"#, #"{"note":"x","type":"checkpoint"}"#, "{}",
            #"{"type":"event","logIndex":0,"data":"one"}"#, #"{"type":"event","logIndex":1}"#,
            #"{"type":"proof","events":2,"hashes":[]}"#, #"{"type":"even"#, "", #"{"type":"event","logIndex":2}"#,
        ].map { Array(($0 + "\n").utf8) }
        let bytes = lines.flatMap { $0 }
        var expected = BundleEncoder()
        var written: [UInt8] = []
        for line in lines where !line.starts(with: BundleEncoder.eventLinePrefix) { expected.write(header: line, into: &written) }
        let digest = Array(expected.hasher.finalize())
        for size in 1...bytes.count {
            var encoder = BundleEncoder()
            var start = 0
            while start < bytes.count {
                encoder.absorb(Array(bytes[start..<min(bytes.count, start + size)]))
                start += size
            }
            #expect(Array(encoder.hasher.finalize()) == digest, "pieces of \(size)")
        }
        // Hashing everything would be another seal: the check can fail.
        var everything = BundleEncoder()
        everything.write(header: bytes, into: &written)
        #expect(Array(everything.hasher.finalize()) != digest)
    }
}
