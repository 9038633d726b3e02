import EventStore
import Foundation
import LabLedgerPrivacy
import TestSupport
import Testing

/// The database records which KEK is its own (`person_kek`, migration 0027), so a KEK made by
/// mistake is refused before any person key exists to tell it apart.
@Suite struct KEKRecordTests {
    @Test(.timeLimit(.minutes(5)))
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
}
