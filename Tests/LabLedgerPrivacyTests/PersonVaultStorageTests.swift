import EventStore
import Foundation
import LabLedgerPrivacy
import PostgresNIO
import TestSupport
import Testing

@Suite struct PersonVaultStorageTests {
    static let ana = (id: "p-ana", name: "Ana Lima Quaresma", email: "ana.quaresma@example.org", orcid: "0000-0002-1825-0097")
    static let bob = (id: "p-bob", name: "Bob Okonkwo Tandy", email: "bob.tandy@example.org", orcid: "0000-0001-5109-3700")

    func appendBoth(_ store: PostgresEventStore) async throws {
        try await store.append(to: "placement-ana", expected: .noStream, [
            VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
        ])
        try await store.append(to: "placement-bob", expected: .noStream, [
            VaultWorld.studentship(Self.bob.id, name: Self.bob.name, email: Self.bob.email, orcid: Self.bob.orcid)
        ])
    }

    func text(_ events: [RecordedEvent]) -> String { events.map { String(decoding: $0.data, as: UTF8.self) }.joined() }

    @Test func personPartsAreStoredSealedAndReadBackAsWritten() async throws {
        let world = try await VaultWorld.make("vault_seal")
        let setting = KEKSetting(file: world.kekFile())
        try await world.withVault(setting) { store, _ in
            try await appendBoth(store)
            let read = text(try await store.readStream("placement-ana"))
            #expect(read.contains(Self.ana.name) && read.contains(Self.ana.email) && read.contains(Self.ana.orcid))
            let stored = try await world.storedRows().values.map { $0.data }.joined()
            for secret in [Self.ana.name, Self.ana.email, Self.ana.orcid, Self.bob.name, Self.bob.email, Self.bob.orcid] {
                #expect(!stored.contains(secret))
            }
            #expect(stored.contains("hkai-lab"))
            #expect(try await store.verifyAll().isIntact)
        }
    }

    @Test func aRetriedAppendOfASealedEventReplaysInsteadOfConflicting() async throws {
        let world = try await VaultWorld.make("vault_retry")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, _ in
            let event = VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
            let first = try await store.append(to: "placement-ana", expected: .any, [event])
            let again = try await store.append(to: "placement-ana", expected: .any, [event])
            #expect(again.wasAlreadyAppended)
            #expect(again.positions == first.positions)
        }
    }

    @Test func erasingOnePersonChangesNoHashAndLeavesTheOtherReadable() async throws {
        let world = try await VaultWorld.make("vault_erase")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            try await appendBoth(store)
            let before = try await world.storedRows()
            let outcome = try await store.client.withConnection { try await vault.erase(Self.ana.id, on: "2026-12-04", on: $0) }
            #expect(outcome == .erased(on: "2026-12-04"))

            let after = try await world.storedRows()
            #expect(after.mapValues { $0.hash } == before.mapValues { $0.hash })
            #expect(after.mapValues { $0.data } == before.mapValues { $0.data })
            #expect(try await store.verifyAll().isIntact)

            let ana = text(try await store.readStream("placement-ana"))
            #expect(ana.contains(#""erased":true"#) && ana.contains(#""erasedOn":"2026-12-04""#))
            #expect(!ana.contains(Self.ana.orcid))
            let bob = text(try await store.readStream("placement-bob"))
            #expect(bob.contains(Self.bob.name) && bob.contains(Self.bob.email) && bob.contains(Self.bob.orcid))

            let dump = try await world.database.dump()
            for secret in [Self.ana.name, Self.ana.email, Self.ana.orcid] { #expect(!dump.contains(secret)) }
            #expect(dump.contains("hkai-lab"))
        }
    }

    @Test func erasingTwiceIsANoOpAndAnUnknownPersonIsToldApart() async throws {
        let world = try await VaultWorld.make("vault_twice")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            try await appendBoth(store)
            let first = try await store.client.withConnection { try await vault.erase(Self.ana.id, on: "2026-12-04", on: $0) }
            let second = try await store.client.withConnection { try await vault.erase(Self.ana.id, on: "2026-12-05", on: $0) }
            let unknown = try await store.client.withConnection { try await vault.erase("p-nobody", on: "2026-12-05", on: $0) }
            #expect(first == .erased(on: "2026-12-04"))
            #expect(second == .alreadyErased(on: "2026-12-04"))
            #expect(unknown == .unknown)
        }
    }

    @Test func newDetailsOfAnErasedPersonAreRefusedAndNothingIsWritten() async throws {
        let world = try await VaultWorld.make("vault_refuse")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            try await appendBoth(store)
            _ = try await store.client.withConnection { try await vault.erase(Self.ana.id, on: "2026-12-04", on: $0) }
            let count = try await world.database.count()
            await #expect(throws: EventStoreError.self) {
                try await store.append(to: "placement-ana-2", expected: .noStream, [
                    VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
                ])
            }
            #expect(try await world.database.count() == count)
        }
    }

    @Test func theKEKIsCreatedOnFirstStartAndAMissingOrWrongOneStopsTheNextStartWritingNothing() async throws {
        let world = try await VaultWorld.make("vault_kek")
        let setting = KEKSetting(file: world.kekFile())
        try await world.withVault(setting) { store, _ in try await appendBoth(store) }
        #expect(FileManager.default.fileExists(atPath: world.kekFile()))

        let elsewhere = KEKSetting(file: world.kekFile("moved.key"))
        await #expect(throws: PersonVaultError.kekMissing(setting: elsewhere.name, keys: 2)) { try await world.loadKEK(elsewhere) }
        #expect(!FileManager.default.fileExists(atPath: world.kekFile("moved.key")))

        let wrong = KeyEncryptionKey.random()
        let fromEnvironment = KEKSetting(file: world.kekFile(), environmentValue: wrong.base64ForTests)
        await #expect(throws: PersonVaultError.self) { try await world.loadKEK(fromEnvironment) }
        do {
            _ = try await world.loadKEK(fromEnvironment)
        } catch let error as PersonVaultError {
            #expect(error.description.contains(KEKSetting.environmentSetting))
        }
    }

    @Test(.hangGuard)
    func aKeyStoredWhileTheKEKRotatesIsRewrappedToo() async throws {
        let world = try await VaultWorld.make("vault_rotate_race")
        let old = KEKSetting(file: world.kekFile())
        try await world.withVault(old) { store, _ in try await appendBoth(store) }
        let oldKEK = try await world.loadKEK(old)
        let newKEK = KeyEncryptionKey.random()
        let rotated = try await world.withVault(old) { store, _ in
            // An append that stored a new person's key, wrapped by the old KEK, and commits
            // only after the rotation began.
            try await store.client.withConnection { connection in
                try await connection.query("BEGIN", logger: TestCluster.logger)
                try await store.append(to: "placement-carla", expected: .noStream, [
                    VaultWorld.studentship("p-carla", name: "Carla Mendes", email: "carla@example.org", orcid: "0000-0002-1825-0097")
                ], on: connection)
                let finished = ErasureRaceTests.Finished()
                let rotation = ErasureRaceTests.tracked(finished) {
                    try await world.database.withConnection(as: world.database.provisioned.app) {
                        try await KEKRotation.rotate(from: oldKEK, to: newKEK, on: $0, logger: TestCluster.logger)
                    }
                }
                while try await !ErasureRaceTests.someoneWaitsForALock(world), !finished.isSet {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await connection.query("COMMIT", logger: TestCluster.logger)
                return try await rotation.value
            }
        }
        #expect(rotated == 3)
        // Every live key is wrapped by one KEK, the new one.
        #expect(try await world.database.count("SELECT count(*) FROM person_keys WHERE wrapped_key IS NOT NULL") == 3)
        #expect(try await world.database.count("SELECT count(DISTINCT kek_id) FROM person_keys WHERE wrapped_key IS NOT NULL") == 1)
    }

    @Test func rotatingTheKEKKeepsEveryPersonReadableAndChangesNoEvent() async throws {
        let world = try await VaultWorld.make("vault_rotate")
        let old = KEKSetting(file: world.kekFile())
        try await world.withVault(old) { store, _ in try await appendBoth(store) }
        let before = try await world.storedRows()

        let oldKEK = try await world.loadKEK(old)
        let newKEK = KeyEncryptionKey.random()
        // A process still running with the old KEK learns of the rotation when it reads.
        try await world.withVault(old) { store, _ in
            let rotated = try await world.database.withConnection(as: world.database.provisioned.app) {
                try await KEKRotation.rotate(from: oldKEK, to: newKEK, on: $0, logger: TestCluster.logger)
            }
            #expect(rotated == 2)
            await #expect(throws: PersonVaultError.kekWrong(
                setting: "this process's KEK (the keys were rotated; restart it with the new one)", given: oldKEK.id, stored: [newKEK.id])
            ) { try await store.readStream("placement-ana") }
        }
        #expect(try await world.storedRows().mapValues { $0.data } == before.mapValues { $0.data })
        #expect(try await world.storedRows().mapValues { $0.hash } == before.mapValues { $0.hash })

        let new = KEKSetting(file: world.kekFile(), environmentValue: newKEK.base64ForTests)
        try await world.withVault(new) { store, _ in
            let ana = text(try await store.readStream("placement-ana"))
            let bob = text(try await store.readStream("placement-bob"))
            #expect(ana.contains(Self.ana.name) && bob.contains(Self.bob.name))
        }
        await #expect(throws: PersonVaultError.self) { try await world.loadKEK(old) }
    }
}

extension KeyEncryptionKey {
    var base64ForTests: String { secretBytes.base64EncodedString() }
}
