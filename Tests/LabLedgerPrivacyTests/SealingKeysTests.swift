import Foundation
import Testing

@testable import LabLedgerPrivacy

/// The remembered keys against the erasure epoch they were read at.
@Suite struct SealingKeysTests {
    let ana = Data(repeating: 1, count: 32), bob = Data(repeating: 2, count: 32)

    @Test func nothingIsAnsweredBeforeAnEpochIsKnownAndThenTheKeysWithTheirEpoch() throws {
        let keys = SealingKeys()
        #expect(keys.remembered(among: ["p-ana"]) == nil)
        keys.remember(["p-ana": ana], readAt: 3)
        let found = try #require(keys.remembered(among: ["p-ana", "p-bob"]))
        #expect(found.keys == ["p-ana": ana] && found.epoch == 3)
    }

    @Test func aKeyReadBeforeAnErasureIsNotRememberedAfterOneWasSeen() {
        let keys = SealingKeys()
        keys.remember(["p-ana": ana], readAt: 5)
        keys.remember(["p-bob": bob], readAt: 4)
        #expect(keys.known(among: ["p-ana", "p-bob"]) == ["p-ana": ana])
    }

    @Test func aNewerEpochDropsEveryKeyReadBeforeIt() {
        let keys = SealingKeys()
        keys.remember(["p-ana": ana], readAt: 1)
        keys.remember(["p-bob": bob], readAt: 2)
        #expect(keys.known(among: ["p-ana", "p-bob"]) == ["p-bob": bob])
        keys.observe(3)
        #expect(keys.known(among: ["p-ana", "p-bob"]).isEmpty)
        #expect(keys.remembered(among: ["p-bob"])?.keys.isEmpty == true)
    }

    @Test func clearingForgetsTheKeysAndTheirEpoch() {
        let keys = SealingKeys()
        keys.remember(["p-ana": ana], readAt: 1)
        keys.clear()
        #expect(keys.epoch == nil && keys.known(among: ["p-ana"]).isEmpty)
    }
}
