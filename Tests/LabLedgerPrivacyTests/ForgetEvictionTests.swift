import EventStore
import Foundation
import LabLedgerDomain
@testable import LabLedgerPrivacy
import TestSupport
import Testing

/// The process that forgets a person evicts their remembered key once more after the commit.
@Suite struct ForgetEvictionTests {
    static let ana = ErasureRaceTests.ana

    @Test func aKeyRememberedWhileTheErasureWasUncommittedSealsNothingAfterIt() async throws {
        let world = try await VaultWorld.make("vault_evict_after_commit")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            try await store.append(to: "placement-pl-ana", expected: .noStream, [
                VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
            ])
            let remembered = vault.rememberedKeys(of: [Self.ana.id])
            #expect(remembered.count == 1)
            let epochBefore = try #require(vault.rememberedEpoch)
            var erasure = PersonErasure(store: store, vault: vault, logger: TestCluster.logger)
            // Confirmed: were the hook no longer called, the test would check nothing of the race.
            let outcome = try await confirmation("the erasure ran its beforeCommit hook") { hookRan in
                // After `vault.erase` evicted the key and before the commit: what a seal in this
                // process does when its statement's snapshot still showed the key (it remembers it).
                erasure.beforeCommit = {
                    hookRan()
                    #expect(vault.rememberedKeys(of: [Self.ana.id]).isEmpty)
                    vault.remember(remembered, readAt: epochBefore)
                }
                return try await erasure.forget(
                    try PersonID(parsing: Self.ana.id), reason: "request #12", actor: "test", today: try LocalDate(parsing: "2026-12-05"))
            }
            #expect(outcome.erasure == .erased(on: "2026-12-05"))
            #expect(vault.rememberedKeys(of: [Self.ana.id]).isEmpty)

            // New details of hers are refused, as where the key was never remembered, rather
            // than sealed with the destroyed key from this process's memory.
            let before = try await world.database.count()
            await #expect(throws: EventStoreError.self) {
                try await store.append(to: "placement-pl-ana-2", expected: .noStream, [
                    VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: "ana.new@example.org", orcid: Self.ana.orcid)
                ])
            }
            #expect(try await world.database.count() == before)
        }
    }
}
