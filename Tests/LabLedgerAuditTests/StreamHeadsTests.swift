import LabLedgerAudit
import Testing

/// The export's memory of each stream's newest hash: it answers only for the version it holds,
/// and it never holds more than its capacity.
@Suite struct StreamHeadsTests {
    @Test func aHeadAnswersOnlyForTheVersionItHolds() {
        var heads = StreamHeads()
        heads.read(stream: "a", version: 1, hash: [1])
        #expect(heads.hash(of: "a", version: 1) == [1])
        heads.read(stream: "a", version: 2, hash: [2])
        #expect(heads.hash(of: "a", version: 2) == [2])
        #expect(heads.hash(of: "a", version: 1) == nil)
        #expect(heads.hash(of: "b", version: 1) == nil)
    }

    @Test func pastItsCapacityItStartsOverInsteadOfGrowing() {
        var heads = StreamHeads()
        for index in 0..<StreamHeads.capacity { heads.read(stream: "s\(index)", version: 1, hash: [1]) }
        #expect(heads.count == StreamHeads.capacity)
        // A stream it holds moves on without a reset.
        heads.read(stream: "s0", version: 2, hash: [2])
        #expect(heads.count == StreamHeads.capacity)
        heads.read(stream: "new", version: 1, hash: [3])
        #expect(heads.count == 1)
        #expect(heads.hash(of: "new", version: 1) == [3])
        #expect(heads.hash(of: "s0", version: 2) == nil)
    }
}
