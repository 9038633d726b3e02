import Foundation
@testable import LabLedgerDomain
import Testing

/// The encoder's member order compares keys by their first eight bytes first; the order must
/// stay exactly the byte order of the keys, of a repeated key the last.
@Suite("Object members ordered by their keys' bytes, a repeated key written once")
struct KeyOrderTests {
    /// The members by a plain comparison of the keys' bytes: sorted stably, then of each run of
    /// equal keys the last.
    static func byBytes(_ keys: [String]) -> [Int] {
        let sorted = keys.indices.sorted { lhs, rhs in
            let (left, right) = (Array(keys[lhs].utf8), Array(keys[rhs].utf8))
            return left.lexicographicallyPrecedes(right) || (left == right && lhs < rhs)
        }
        return sorted.indices.filter { $0 + 1 == sorted.count || !keys[sorted[$0 + 1]].utf8.elementsEqual(keys[sorted[$0]].utf8) }.map { sorted[$0] }
    }

    @Test("keys that share their first eight bytes, end within them, hold NUL or bytes above 0x7F, and repeat")
    func edges() {
        let keys = [
            "commitment", "commitmentId", "commitmen", "commitme", "commitm", "", "a", "a\u{0}", "a\u{0}b", "a\u{0}\u{0}",
            "é", "e", "\u{7F}", "\u{80}", "zzzzzzzzz", "zzzzzzzz", "zzzzzzzzy", "commitment", "stream_id", "stream_ic",
        ]
        #expect(CompactJSONText.members(keys) == Self.byBytes(keys))
        #expect(CompactJSONText.members(Array(keys.reversed())) == Self.byBytes(Array(keys.reversed())))
    }

    @Test("random keys from a small alphabet, by insertion and by the stable sort", arguments: [2, 7, 32, 33, 120])
    func random(count: Int) {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "b", "\u{0}", "é", "e", "\u{301}", "_"]
        for _ in 0..<200 {
            let keys = (0..<count).map { _ in
                String((0..<Int.random(in: 0...11, using: &generator)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            }
            #expect(CompactJSONText.members(keys) == Self.byBytes(keys), "\(keys)")
        }
    }

    @Test("a key's head is its first eight bytes, the first the most significant, zeros past its end")
    func head() {
        #expect(CompactJSONText.head("") == 0)
        #expect(CompactJSONText.head("a") == 0x6100_0000_0000_0000)
        #expect(CompactJSONText.head("abcdefghij") == 0x6162_6364_6566_6768)
        #expect(CompactJSONText.head("é") == 0xC3A9_0000_0000_0000)
    }
}
