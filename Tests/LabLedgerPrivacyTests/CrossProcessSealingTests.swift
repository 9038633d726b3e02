import EventStore
import Foundation
import LabLedgerDomain
@testable import LabLedgerPrivacy
import TestSupport
import Testing

/// Processes on one database (each its own vault, store and connection pool): an erasure in one
/// reaches the keys another remembers through the erasure epoch (0035), and keys made in memory
/// for a person met for the first time never replace one stored already.
@Suite struct CrossProcessSealingTests {
    static let ana = PersonVaultStorageTests.ana, bob = PersonVaultStorageTests.bob
    static let carl = (id: "p-carl", name: "Carl Mbeki Ostrowski", email: "carl.ostrowski@example.org", orcid: "0000-0003-1415-9265")

    static func studentship(_ person: (id: String, name: String, email: String, orcid: String), email: String? = nil) -> EventData {
        VaultWorld.studentship(person.id, name: person.name, email: email ?? person.email, orcid: person.orcid)
    }

    @Test func anErasureInAnotherProcessRefusesNewDetailsThereAndDropsTheKeyItRemembered() async throws {
        let world = try await VaultWorld.make("vault_cross_process")
        let setting = KEKSetting(file: world.kekFile())
        try await world.withVault(setting) { eraser, eraserVault in
            try await world.withVault(setting) { other, otherVault in
                try await other.append(to: "placement-pl-ana", expected: .noStream, [Self.studentship(Self.ana)])
                try await other.append(to: "placement-pl-bob", expected: .noStream, [Self.studentship(Self.bob)])
                #expect(otherVault.rememberedKeys(of: [Self.ana.id, Self.bob.id]).count == 2)

                let outcome = try await PersonErasure(store: eraser, vault: eraserVault, logger: TestCluster.logger)
                    .forget(try PersonID(parsing: Self.ana.id), reason: "request #21", actor: "test", today: try LocalDate(parsing: "2026-12-05"))
                #expect(outcome.erasure == .erased(on: "2026-12-05"))
                #expect(try await world.database.count("SELECT epoch FROM protection_epoch") == 1)
                // The other process learnt nothing yet: it still holds her key from before.
                #expect(otherVault.rememberedKeys(of: [Self.ana.id]).count == 1)

                let before = try await world.database.count()
                await #expect(throws: EventStoreError.self) {
                    try await other.append(to: "placement-pl-ana-2", expected: .noStream, [
                        Self.studentship(Self.ana, email: "ana.new@example.org")
                    ])
                }
                #expect(try await world.database.count() == before)
                #expect(otherVault.rememberedKeys(of: [Self.ana.id]).isEmpty)
                #expect(!(try await world.database.dump().contains("ana.new@example.org")))

                // Bob is untouched: his details go in (sealing in a transaction once, then from memory again).
                try await other.append(to: "placement-pl-bob-2", expected: .noStream, [Self.studentship(Self.bob, email: "bob.2@example.org")])
                #expect(otherVault.rememberedKeys(of: [Self.bob.id]).count == 1)
                try await other.append(to: "placement-pl-bob-3", expected: .noStream, [Self.studentship(Self.bob, email: "bob.3@example.org")])
                let bob = try await eraser.readStream("placement-pl-bob-3").map { String(decoding: $0.data, as: UTF8.self) }.joined()
                #expect(bob.contains("bob.3@example.org"))
                #expect(try await eraser.verifyAll().isIntact)
            }
            // A process that never met her, with the epoch read (it sealed someone else first):
            // the key it makes for her collides with her erased row, and her details are refused.
            try await world.withVault(setting) { third, _ in
                try await third.append(to: "placement-pl-carl", expected: .noStream, [Self.studentship(Self.carl)])
                let before = try await world.database.count()
                await #expect(throws: EventStoreError.self) {
                    try await third.append(to: "placement-pl-ana-3", expected: .noStream, [
                        Self.studentship(Self.ana, email: "ana.third@example.org")
                    ])
                }
                #expect(try await world.database.count() == before)
                #expect(try await world.database.count("SELECT count(*) FROM person_keys WHERE person_id = 'p-ana' AND wrapped_key IS NULL") == 1)
            }
        }
    }

    @Test func theSameEventsForANewPersonAppendedAgainByAnotherProcessAnswerTheFirstAppend() async throws {
        let world = try await VaultWorld.make("vault_new_person_replay")
        let setting = KEKSetting(file: world.kekFile())
        try await world.withVault(setting) { first, _ in
            try await world.withVault(setting) { second, _ in
                // Both have read the epoch, so each seals Ana (new to it) with a key made in memory.
                try await first.append(to: "placement-pl-bob", expected: .noStream, [Self.studentship(Self.bob)])
                try await second.append(to: "placement-pl-carl", expected: .noStream, [Self.studentship(Self.carl)])
                let event = Self.studentship(Self.ana)
                let stored = try await first.append(to: "placement-pl-ana", expected: .any, [event])
                let before = try await world.database.count()
                // A retry whose first answer was lost, from another process: the events' conflict is
                // reported before the key's, and the answer must be the first append's, not a conflict.
                let again = try await second.append(to: "placement-pl-ana", expected: .any, [event])
                #expect(again.positions == stored.positions)
                #expect(again.wasAlreadyAppended)
                #expect(try await world.database.count() == before)
                #expect(try await world.database.count("SELECT count(*) FROM person_keys WHERE person_id = 'p-ana'") == 1)
            }
        }
    }

    @Test func twoProcessesMeetingTheSameNewPersonAtOnceStoreOneKeyThatOpensBothEvents() async throws {
        let world = try await VaultWorld.make("vault_same_new_person")
        let setting = KEKSetting(file: world.kekFile())
        try await world.withVault(setting) { first, _ in
            try await world.withVault(setting) { second, _ in
                // Each has read the epoch, so each makes Ana's key in memory and offers it with her event.
                try await first.append(to: "placement-pl-bob", expected: .noStream, [Self.studentship(Self.bob)])
                try await second.append(to: "placement-pl-carl", expected: .noStream, [Self.studentship(Self.carl)])
                async let one = first.append(to: "placement-pl-ana-1", expected: .noStream, [Self.studentship(Self.ana, email: "ana.1@example.org")])
                async let two = second.append(to: "placement-pl-ana-2", expected: .noStream, [Self.studentship(Self.ana, email: "ana.2@example.org")])
                _ = try await (one, two)
                #expect(try await world.database.count("SELECT count(*) FROM person_keys WHERE person_id = 'p-ana'") == 1)
                for (stream, email) in [("placement-pl-ana-1", "ana.1@example.org"), ("placement-pl-ana-2", "ana.2@example.org")] {
                    for store in [first, second] {
                        let text = try await store.readStream(stream).map { String(decoding: $0.data, as: UTF8.self) }.joined()
                        #expect(text.contains(email))
                    }
                }
            }
        }
    }

    /// A rotation re-wraps keys but leaves the data keys as they were: the epoch stays, and a
    /// process's remembered keys still seal what the new KEK opens.
    @Test func aRotationMovesNoEpochAndRememberedKeysStillSealWhatTheNewKEKOpens() async throws {
        let world = try await VaultWorld.make("vault_rotation_epoch")
        let old = KEKSetting(file: world.kekFile())
        let oldKEK = try await world.loadKEK(old)
        let newKEK = KeyEncryptionKey.random()
        try await world.withVault(old) { store, vault in
            try await store.append(to: "placement-pl-ana", expected: .noStream, [Self.studentship(Self.ana)])
            let rotated = try await world.database.withConnection(as: world.database.provisioned.app) {
                try await KEKRotation.rotate(from: oldKEK, to: newKEK, on: $0, logger: TestCluster.logger)
            }
            #expect(rotated == 1)
            #expect(try await world.database.count("SELECT epoch FROM protection_epoch") == 0)
            // Sealed from memory: in a transaction, this process's old KEK would fail to unwrap her re-wrapped key.
            try await store.append(to: "placement-pl-ana-2", expected: .noStream, [Self.studentship(Self.ana, email: "ana.2@example.org")])
        }
        try await world.withVault(KEKSetting(file: world.kekFile(), environmentValue: newKEK.base64ForTests)) { store, _ in
            let text = try await store.readStream("placement-pl-ana-2").map { String(decoding: $0.data, as: UTF8.self) }.joined()
            #expect(text.contains("ana.2@example.org"))
        }
    }
}
