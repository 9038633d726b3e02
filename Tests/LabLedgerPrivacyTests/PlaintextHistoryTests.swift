import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerPrivacy
import PostgresNIO
import TestSupport
import Testing

/// A history written before sealing: its `person` parts are plaintext and stay so.
@Suite struct PlaintextHistoryTests {
    static let carla = (id: "p-carla", name: "Carla Legacy Mendes", email: "carla.mendes@example.org", orcid: "0000-0002-9079-593X")

    @Test func aPersonWrittenBeforeSealingIsListedAndOnceForgottenReadsAsErasedEverywhereTheVaultReads() async throws {
        let world = try await VaultWorld.make("vault_legacy")
        try await world.database.withStore { store in
            try await store.append(to: "placement-carla", expected: .noStream, [
                VaultWorld.studentship(Self.carla.id, name: Self.carla.name, email: Self.carla.email, orcid: Self.carla.orcid)
            ])
        }
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            let before = String(decoding: try #require(try await store.readStream("placement-carla").first).data, as: UTF8.self)
            #expect(before.contains(Self.carla.name))
            let listed = try await store.client.withConnection { try await PlaintextHistory(logger: TestCluster.logger).people(on: $0) }
            #expect(listed == [.init(person: Self.carla.id, events: 1, erasedOn: nil)])

            let erasure = PersonErasure(store: store, vault: vault, logger: TestCluster.logger)
            let outcome = try await erasure.forget(
                try PersonID(parsing: Self.carla.id), reason: "request #3", actor: "test", today: try LocalDate(parsing: "2026-12-04"))
            #expect(outcome == .init(erasure: .erased(on: "2026-12-04"), plaintextEvents: 1))

            let after = String(decoding: try #require(try await store.readStream("placement-carla").first).data, as: UTF8.self)
            #expect(!after.contains(Self.carla.name) && !after.contains(Self.carla.orcid))
            #expect(after.contains(#""erasedOn":"2026-12-04""#))
            let listedAfter = try await store.client.withConnection { try await PlaintextHistory(logger: TestCluster.logger).people(on: $0) }
            #expect(listedAfter == [.init(person: Self.carla.id, events: 1, erasedOn: "2026-12-04")])
            #expect(try await store.verifyAll().isIntact)

            // What cannot be reached without rewriting history: the stored bytes themselves.
            #expect(try await world.database.dump().contains(Self.carla.name))
            await #expect(throws: EventStoreError.self) {
                try await store.append(to: "placement-carla-2", expected: .noStream, [
                    VaultWorld.studentship(Self.carla.id, name: Self.carla.name, email: Self.carla.email, orcid: Self.carla.orcid)
                ])
            }
        }
    }
}
