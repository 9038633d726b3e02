import EventStore
import Foundation
import LabLedgerPrivacy
import TestSupport
import Testing

/// The database records which KEK is its own (`person_kek`, migration 0027), so a KEK made by
/// mistake is refused before any person key exists to tell it apart.
@Suite struct KEKRecordTests {
    @Test(.hangGuard)
    func twoFirstStartsWithDifferentMissingKEKFilesAgreeOnOneKEKAndTheLoserLeavesNoFile() async throws {
        let world = try await VaultWorld.make("kek_first_race")
        let paths = [world.kekFile("a.key"), world.kekFile("b.key")]
        let outcomes = try await world.database.withConnection(as: world.database.provisioned.superuser) { lock in
            // Holds back both records (reads pass) until both starts have checked the database,
            // found no KEK recorded and made their files: the race the record settles.
            try await lock.query("BEGIN", logger: TestCluster.logger)
            try await lock.query("LOCK TABLE person_kek IN SHARE ROW EXCLUSIVE MODE", logger: TestCluster.logger)
            let starts = paths.map { path in
                Task { () -> Result<String, PersonVaultError> in
                    do {
                        return .success(try await world.loadKEK(KEKSetting(file: path)).id)
                    } catch let error as PersonVaultError {
                        return .failure(error)
                    } catch {
                        return .failure(.kekMalformed(setting: path, reason: "unexpected \(error)"))
                    }
                }
            }
            while try await world.database.count(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") < 2 {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
            try await lock.query("COMMIT", logger: TestCluster.logger)
            var outcomes: [Result<String, PersonVaultError>] = []
            for start in starts { outcomes.append(await start.value) }
            return outcomes
        }
        let winners = outcomes.compactMap { try? $0.get() }
        #expect(winners.count == 1)
        for case .failure(let error) in outcomes {
            guard case .kekNotRecorded = error else {
                Issue.record("the other start failed otherwise: \(error)")
                continue
            }
        }
        // The loser's KEK file wrapped nothing and is gone; the winner's stays.
        #expect(paths.filter { FileManager.default.fileExists(atPath: $0) }.count == 1)
        #expect(try await world.database.count("SELECT count(*) FROM person_kek") == 1)
        // A start after that with the loser's (now missing) file is refused and makes none.
        let loser = KEKSetting(file: paths[outcomes.firstIndex { (try? $0.get()) == nil } ?? 0])
        await #expect(throws: PersonVaultError.kekMissing(setting: loser.name, keys: 0)) { try await world.loadKEK(loser) }
        #expect(!FileManager.default.fileExists(atPath: loser.file))
    }

    /// Processes of one deployment share one KEK file and start together: one that read the
    /// setting while the file was still absent must take the file another created and recorded
    /// meanwhile, not refuse as if the KEK were lost.
    @Test func aStartThatReadTheFileAbsentTakesTheKEKAnotherProcessCreatedAtTheSamePath() async throws {
        let world = try await VaultWorld.make("kek_shared_file")
        let setting = KEKSetting(file: world.kekFile())
        let staleRead = try setting.read()
        guard case .absent = staleRead else { Issue.record("the file should not exist yet"); return }
        let first = try await world.loadKEK(setting)
        let second = try await world.database.withConnection(as: world.database.provisioned.app) { connection in
            try await setting.check(staleRead, on: connection, logger: TestCluster.logger)
            return try await setting.establish(staleRead, on: connection, logger: TestCluster.logger)
        }
        #expect(second.id == first.id)
    }

    @Test func aStartWhoseKEKFileIsMissingIsRefusedOnceTheDatabaseRecordsAKEKEvenWithNoPersonKey() async throws {
        let world = try await VaultWorld.make("kek_missing_recorded")
        let first = KEKSetting(file: world.kekFile())
        let kek = try await world.loadKEK(first)
        #expect(try await world.database.count("SELECT count(*) FROM person_keys") == 0)

        let elsewhere = KEKSetting(file: world.kekFile("elsewhere.key"))
        await #expect(throws: PersonVaultError.kekMissing(setting: elsewhere.name, keys: 0)) { try await world.loadKEK(elsewhere) }
        #expect(!FileManager.default.fileExists(atPath: world.kekFile("elsewhere.key")))

        let other = KEKSetting(file: world.kekFile(), environmentValue: KeyEncryptionKey.random().base64ForTests)
        do {
            _ = try await world.loadKEK(other)
            Issue.record("another KEK was accepted")
        } catch let error as PersonVaultError {
            guard case .kekNotRecorded(let setting, _) = error else { throw error }
            #expect(setting == KEKSetting.environmentSetting)
            #expect(error.description.contains(KEKSetting.environmentSetting))
        }
        // The recorded value is the key-check value, never the KEK.
        let stored = try await world.database.withConnection(as: world.database.provisioned.superuser) { connection in
            let rows = try await connection.query("SELECT check_value FROM person_kek", logger: TestCluster.logger)
            var values: [Data] = []
            for try await value in rows.decode(Data.self) { values.append(value) }
            return values
        }
        #expect(stored == [kek.checkValue])
        #expect(stored.first != kek.secretBytes)
        #expect(try await world.loadKEK(first).id == kek.id)
    }

    @Test func aRotationRecordsTheNewKEKSoTheOldIsRefusedEvenWithNoPersonKey() async throws {
        let world = try await VaultWorld.make("kek_rotate_record")
        let old = KEKSetting(file: world.kekFile())
        let oldKEK = try await world.loadKEK(old)
        let newKEK = KeyEncryptionKey.random()
        let rotated = try await world.database.withConnection(as: world.database.provisioned.app) {
            try await KEKRotation.rotate(from: oldKEK, to: newKEK, on: $0, logger: TestCluster.logger)
        }
        #expect(rotated == 0)
        await #expect(throws: PersonVaultError.kekNotRecorded(setting: old.name, given: oldKEK.id)) { try await world.loadKEK(old) }
        // A second rotation from the old KEK (begun from a stale start) is refused too.
        await #expect(throws: PersonVaultError.kekNotRecorded(setting: "the old KEK", given: oldKEK.id)) {
            try await world.database.withConnection(as: world.database.provisioned.app) {
                try await KEKRotation.rotate(from: oldKEK, to: KeyEncryptionKey.random(), on: $0, logger: TestCluster.logger)
            }
        }
        let new = KEKSetting(file: world.kekFile(), environmentValue: newKEK.base64ForTests)
        #expect(try await world.loadKEK(new).id == newKEK.id)
    }

    /// A process still running with the old KEK after a rotation committed must not store a key
    /// wrapped by it (person_keys would then hold keys of two KEKs, and no KEK could start the
    /// service again): the guard of 0028 refuses it, and the process is told to restart.
    @Test func aProcessStillOnTheOldKEKAfterARotationCannotStoreAKeyAndIsToldToRestart() async throws {
        let world = try await VaultWorld.make("kek_stale_process")
        let old = KEKSetting(file: world.kekFile())
        let oldKEK = try await world.loadKEK(old)
        let newKEK = KeyEncryptionKey.random()
        let ana = PersonVaultStorageTests.ana, bob = PersonVaultStorageTests.bob
        try await world.withVault(old) { store, _ in
            try await store.append(to: "placement-ana", expected: .noStream, [
                VaultWorld.studentship(ana.id, name: ana.name, email: ana.email, orcid: ana.orcid)
            ])
            let rotated = try await world.database.withConnection(as: world.database.provisioned.app) {
                try await KEKRotation.rotate(from: oldKEK, to: newKEK, on: $0, logger: TestCluster.logger)
            }
            #expect(rotated == 1)
            let before = try await world.database.count()
            await #expect(throws: PersonVaultError.kekWrong(
                setting: "this process's KEK (the keys were rotated; restart it with the new one)", given: oldKEK.id, stored: [newKEK.id])
            ) {
                try await store.append(to: "placement-bob", expected: .noStream, [
                    VaultWorld.studentship(bob.id, name: bob.name, email: bob.email, orcid: bob.orcid)
                ])
            }
            #expect(try await world.database.count() == before)
        }
        #expect(try await world.keyKEKs() == [ana.id: newKEK.id])
        // The rotation still works end to end: the new KEK starts, reads what the old sealed,
        // and stores the key of the person the stale process could not.
        let new = KEKSetting(file: world.kekFile(), environmentValue: newKEK.base64ForTests)
        try await world.withVault(new) { store, _ in
            let read = try await store.readStream("placement-ana").map { String(decoding: $0.data, as: UTF8.self) }.joined()
            #expect(read.contains(ana.name) && read.contains(ana.email))
            try await store.append(to: "placement-bob", expected: .noStream, [
                VaultWorld.studentship(bob.id, name: bob.name, email: bob.email, orcid: bob.orcid)
            ])
        }
        #expect(try await world.keyKEKs() == [ana.id: newKEK.id, bob.id: newKEK.id])
        #expect(try await world.recordedKEKID() == newKEK.id)
    }

    /// A start during a rotation waits for it and is judged by its outcome: with the old KEK,
    /// refused, rather than passing on the value the rotation is replacing.
    @Test(.hangGuard)
    func aStartWithTheOldKEKDuringARotationWaitsForItAndIsRefused() async throws {
        let world = try await VaultWorld.make("kek_start_during_rotation")
        let old = KEKSetting(file: world.kekFile())
        let oldKEK = try await world.loadKEK(old)
        let newKEK = KeyEncryptionKey.random()
        try await world.database.withConnection(as: world.database.provisioned.app) { rotation in
            // The rotation's steps up to its commit, held open while the start runs.
            try await rotation.query("BEGIN", logger: TestCluster.logger)
            try await rotation.query("SELECT person_keys_lock_for_rotation()", logger: TestCluster.logger)
            try await rotation.query(
                "SELECT person_kek_replace(\(oldKEK.checkValue), \(newKEK.checkValue), \(newKEK.id))", logger: TestCluster.logger)
            let start = Task { () -> PersonVaultError? in
                do {
                    _ = try await world.loadKEK(old)
                    return nil
                } catch let error as PersonVaultError {
                    return error
                } catch {
                    return .kekMalformed(setting: old.name, reason: "unexpected \(error)")
                }
            }
            while try await world.database.count(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") < 1 {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await rotation.query("COMMIT", logger: TestCluster.logger)
            #expect(await start.value == .kekNotRecorded(setting: old.name, given: oldKEK.id))
        }
    }

    /// A database whose KEK was recorded before 0028 (a check value, no KEK id) gets the id at
    /// its next start with the recorded KEK, and from then on the guard holds.
    @Test func aRecordMadeBefore0028GetsItsKEKIDAtTheNextStartWithTheRecordedKEK() async throws {
        let superuser = try await TestCluster.superuser.value
        let name = "t_kek_fill_\(UUID().uuidString.prefix(8).lowercased())"
        let kek = KeyEncryptionKey.random()
        let before = try await DatabaseSetup.provision(
            superuser: superuser, database: name, migrations: TestCluster.migrations.filter { $0.version <= 27 }, logger: TestCluster.logger)
        // What a start of that release wrote.
        try await DatabaseSetup.withConnection(before.app, logger: TestCluster.logger) {
            try await $0.query("INSERT INTO person_kek (check_value) VALUES (\(kek.checkValue))", logger: TestCluster.logger)
        }
        let provisioned = try await DatabaseSetup.provision(
            superuser: superuser, database: name, migrations: TestCluster.migrations, logger: TestCluster.logger)
        func recordedID() async throws -> String? {
            try await DatabaseSetup.withConnection(provisioned.superuser, logger: TestCluster.logger) { connection in
                let rows = try await connection.query("SELECT kek_id FROM person_kek", logger: TestCluster.logger)
                for try await id in rows.decode(String?.self) { return id }
                return nil
            }
        }
        #expect(try await recordedID() == nil)
        let other = KEKSetting(file: "/nonexistent/k.key", environmentValue: KeyEncryptionKey.random().base64ForTests)
        await #expect(throws: PersonVaultError.self) {
            try await DatabaseSetup.withConnection(provisioned.app, logger: TestCluster.logger) {
                try await other.load(on: $0, logger: TestCluster.logger)
            }
        }
        #expect(try await recordedID() == nil)
        let right = KEKSetting(file: "/nonexistent/k.key", environmentValue: kek.base64ForTests)
        let loaded = try await DatabaseSetup.withConnection(provisioned.app, logger: TestCluster.logger) {
            try await right.load(on: $0, logger: TestCluster.logger)
        }
        #expect(loaded.id == kek.id)
        #expect(try await recordedID() == kek.id)
    }
}
