import EventStore
import Testing

@Suite("Checkpoints")
struct CheckpointTests {
    @Test("a checkpoint round-trips through its text form")
    func roundTrip() {
        let checkpoint = Checkpoint(transactionID: 4_294_967_301, position: 77)
        #expect(checkpoint.description == "4294967301.77")
        #expect(Checkpoint("4294967301.77") == checkpoint)
    }

    @Test("malformed text is not a checkpoint", arguments: ["", "1", "1.", ".1", "a.b", "1.2.3", "-1.2", "1.-2", "99999999999999999999.1"])
    func malformed(text: String) {
        #expect(Checkpoint(text) == nil)
    }

    @Test("checkpoints order by transaction first, then position")
    func ordering() {
        #expect(Checkpoint(transactionID: 1, position: 900) < Checkpoint(transactionID: 2, position: 5))
        #expect(Checkpoint(transactionID: 2, position: 5) < Checkpoint(transactionID: 2, position: 6))
        #expect(Checkpoint.start < Checkpoint(transactionID: 0, position: 1))
    }
}
