import Foundation
import LabLedgerReadModels
import Testing

/// A row key hashes once, when made; equality and hashing must still follow its table and
/// values exactly, as the keyed rows of a fold are found by them.
@Suite("A keyed row's key")
struct RowKeyTests {
    @Test("keys with the same table and values are equal and hash alike; any other table or values are different keys")
    func equality() {
        let key = RowKey("funding_disbursements", ["c-1", "d-7"])
        let same = RowKey(String("funding_" + "disbursements"), ["c-" + "1", "d-7"])
        #expect(key == same)
        #expect(key.hashValue == same.hashValue)
        #expect(key != RowKey("funding_adjustments", ["c-1", "d-7"]))
        #expect(key != RowKey("funding_disbursements", ["c-1", "d-8"]))
        #expect(key != RowKey("funding_disbursements", ["c-1"]))
        #expect(key != RowKey("funding_disbursements", ["c-1", "d-7", ""]))
        #expect(RowKey("a", ["bc"]) != RowKey("ab", ["c"]))
        #expect(RowKey("t", ["a", "b"]) != RowKey("t", ["ab"]))
        // Strings compare as Unicode text, so canonically equivalent values are the same key and
        // must hash alike: a hash of the raw bytes would break this.
        #expect(RowKey("t", ["é"]) == RowKey("t", ["e\u{301}"]))
        #expect(RowKey("t", ["é"]).hashValue == RowKey("t", ["e\u{301}"]).hashValue)
    }

    @Test("a set and a dictionary of many keys find each key, and only those")
    func lookups() {
        let keys = (0..<5_000).map { RowKey($0 % 2 == 0 ? "even" : "odd", ["s-\($0 / 10)", "\($0)"]) }
        var rows: [RowKey: Int] = [:]
        for (index, key) in keys.enumerated() { rows[key] = index }
        #expect(rows.count == keys.count)
        #expect(keys.indices.allSatisfy { rows[RowKey(keys[$0].table, keys[$0].values)] == $0 })
        #expect(rows[RowKey("even", ["s-0", "1"])] == nil)
        #expect(Set(keys + keys).count == keys.count)
    }
}
