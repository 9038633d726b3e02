import Testing
import TransparencyLog

@Suite struct LogLeafTests {
    @Test func leafDataIsTheEventHashThenRecordedAtAsBigEndianMicroseconds() {
        let eventHash = [UInt8](0..<32)
        // 2024-05-01T12:00:00.123456Z.
        let data = LogLeaf.data(eventHash: eventHash, recordedAtMicroseconds: 1_714_564_800_123_456)
        #expect(data.count == 40)
        #expect(Array(data.prefix(32)) == eventHash)
        #expect(Array(data.suffix(8)) == [UInt8](hex: "0006176339db1240"))
    }

    @Test func timesBefore1970AreTwosComplement() {
        let data = LogLeaf.data(eventHash: [UInt8](repeating: 0xAB, count: 32), recordedAtMicroseconds: -1)
        #expect(Array(data.suffix(8)) == [UInt8](repeating: 0xFF, count: 8))
    }

    @Test func leafHashIsTheRFC9162LeafHashOfTheData() {
        let eventHash = [UInt8](repeating: 7, count: 32)
        let data = LogLeaf.data(eventHash: eventHash, recordedAtMicroseconds: 42)
        #expect(LogLeaf.hash(eventHash: eventHash, recordedAtMicroseconds: 42) == LogHash.leaf(data))
        #expect(LogLeaf.hash(eventHash: eventHash, recordedAtMicroseconds: 43) != LogHash.leaf(data))
    }
}
