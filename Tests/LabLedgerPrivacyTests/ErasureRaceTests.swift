import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerPrivacy
import PostgresNIO
import Synchronization
import TestSupport
import Testing

/// Erasure against what runs beside it: history pages, a rebuild's fresh tables, a projection
/// page in flight, and a connection pool that every caller has taken.
@Suite struct ErasureRaceTests {
    static let ana = (id: "p-ana", name: "Ana Lima Quaresma", email: "ana.quaresma@example.org", orcid: "0000-0002-1825-0097")

    static func studentships(_ count: Int) -> [(stream: String, event: EventData)] {
        (0..<count).map { n in
            ("placement-p\(n)", VaultWorld.studentship("p-\(n)", name: "Person Number \(n)", email: "p\(n)@example.org", orcid: "0000-0002-1825-0097"))
        }
    }

    @Test func historyPagesCutByTheirByteBudgetReturnEverySealedEventExactlyOnce() async throws {
        let world = try await VaultWorld.make("vault_paging")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, _ in
            for (stream, event) in Self.studentships(12) { try await store.append(to: stream, expected: .noStream, [event]) }
            let all = try await store.readAllOnce(expecting: 12)
            // Sealed parts are stored larger than they open: a budget of three stored events
            // cuts the page after three, whose opened data holds less than the budget.
            let budget = all.prefix(3).reduce(0) { $0 + $1.storedData.count }
            #expect(all.prefix(3).reduce(0) { $0 + $1.data.count } < budget)
            var seen: [UUID] = []
            var cursor = Checkpoint.start
            while true {
                let page = try await store.readAll(after: cursor, limit: 1_000, maxBytes: budget, filter: .none)
                seen += page.events.map(\.eventID)
                cursor = page.resumeAt
                if !page.isFull { break }
            }
            #expect(seen == all.map(\.eventID))
        }
    }

    @Test func aRebuildInProgressDuringAForgetSwapsInNoneOfThePersonsDetails() async throws {
        let world = try await VaultWorld.make("vault_rebuild_forget")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            try await store.append(to: "placement-pl-ana", expected: .noStream, [
                VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
            ])
            // A rebuild of placements that has folded Ana's studentship before the erasure:
            // its fresh tables hold her row and a document with her details.
            try await world.database.withConnection(as: world.database.provisioned.superuser) { connection in
                try await connection.query("SELECT projection_prepare_rebuild('placements')", logger: TestCluster.logger)
                try await Self.writePlacementRows(of: Self.ana, suffix: "__rebuild", on: connection)
            }
            let outcome = try await PersonErasure(store: store, vault: vault, logger: TestCluster.logger)
                .forget(try PersonID(parsing: Self.ana.id), reason: "request #9", actor: "test", today: try LocalDate(parsing: "2026-12-05"))
            #expect(outcome.erasure == .erased(on: "2026-12-05"))
            try await world.database.withConnection(as: world.database.provisioned.superuser) { connection in
                try await connection.query("SELECT projection_swap_rebuild('placements')", logger: TestCluster.logger)
            }
            let dump = try await world.database.dump()
            for secret in [Self.ana.name, Self.ana.email, Self.ana.orcid] { #expect(!dump.contains(secret), "\(secret)") }
            #expect(try await world.database.count("SELECT count(*) FROM placement_people") == 0)
            #expect(try await world.database.count(
                "SELECT count(*) FROM placements_documents WHERE doc->'personalData' = '{\"erased\": true, \"erasedOn\": \"2026-12-05\"}'") == 1)
        }
    }

    @Test(.hangGuard)
    func aProjectionPageInFlightDuringAForgetDoesNotKeepThePersonsRow() async throws {
        let world = try await VaultWorld.make("vault_page_forget")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            try await store.append(to: "placement-pl-ana", expected: .noStream, [
                VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
            ])
            let erasure = PersonErasure(store: store, vault: vault, logger: TestCluster.logger)
            let person = try PersonID(parsing: Self.ana.id)
            let day = try LocalDate(parsing: "2026-12-05")
            // A page of the placements projection, as the worker writes it (the application's
            // login), that wrote Ana's row before the erasure and commits only after it began.
            try await world.database.withConnection(as: world.database.provisioned.app) { page in
                try await page.query("BEGIN", logger: TestCluster.logger)
                try await Self.writePlacementRows(of: Self.ana, suffix: "", on: page)
                let finished = Finished()
                let forget = Self.tracked(finished) { try await erasure.forget(person, reason: "request #10", actor: "test", today: day) }
                // Until the forget either finished (nothing made it wait for the page) or
                // waits for a lock the page holds.
                while try await !Self.someoneWaitsForALock(world), !finished.isSet {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await page.query("COMMIT", logger: TestCluster.logger)
                #expect(try await forget.value.erasure == .erased(on: "2026-12-05"))
            }
            #expect(try await world.database.count("SELECT count(*) FROM placement_people WHERE person_id = 'p-ana'") == 0)
            let dump = try await world.database.dump()
            for secret in [Self.ana.name, Self.ana.email, Self.ana.orcid] { #expect(!dump.contains(secret), "\(secret)") }
        }
    }

    @Test(.hangGuard)
    func aProjectionPageInFlightDuringAForgetOfAPersonWithOnlyPlaintextEventsDoesNotKeepTheirRow() async throws {
        let world = try await VaultWorld.make("vault_page_forget_plain")
        // Ana's studentship written before sealing: she has plaintext events and no key row.
        try await world.database.withStore { store in
            try await store.append(to: "placement-pl-ana", expected: .noStream, [
                VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
            ])
        }
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            #expect(try await world.database.count("SELECT count(*) FROM person_keys") == 0)
            let erasure = PersonErasure(store: store, vault: vault, logger: TestCluster.logger)
            let person = try PersonID(parsing: Self.ana.id)
            let day = try LocalDate(parsing: "2026-12-05")
            // A page that wrote Ana's row (its CHECK found no key row, so nothing to wait on)
            // and commits only after the erasure began.
            try await world.database.withConnection(as: world.database.provisioned.app) { page in
                try await page.query("BEGIN", logger: TestCluster.logger)
                try await Self.writePlacementRows(of: Self.ana, suffix: "", on: page)
                let finished = Finished()
                let forget = Self.tracked(finished) { try await erasure.forget(person, reason: "request #11", actor: "test", today: day) }
                while try await !Self.someoneWaitsForALock(world), !finished.isSet {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await page.query("COMMIT", logger: TestCluster.logger)
                #expect(try await forget.value == .init(erasure: .erased(on: "2026-12-05"), plaintextEvents: 1))
            }
            #expect(try await world.database.count("SELECT count(*) FROM placement_people WHERE person_id = 'p-ana'") == 0)
            #expect(try await world.database.count(
                "SELECT count(*) FROM placements_documents WHERE doc->'personalData' = '{\"erased\": true, \"erasedOn\": \"2026-12-05\"}'") == 1)
        }
    }

    @Test(.hangGuard)
    func aPageRewritingThePersonsStreamDuringAForgetCommitsAndTheForgetPurgesItWithoutADeadlock() async throws {
        let world = try await VaultWorld.make("vault_page_rewrite")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            try await store.append(to: "placement-pl-ana", expected: .noStream, [
                VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
            ])
            try await world.database.withConnection(as: world.database.provisioned.app) { connection in
                try await Self.writePlacementRows(of: Self.ana, suffix: "", on: connection)
            }
            let erasure = PersonErasure(store: store, vault: vault, logger: TestCluster.logger)
            let person = try PersonID(parsing: Self.ana.id)
            let day = try LocalDate(parsing: "2026-12-05")
            // A page folding the next event of Ana's stream, as projection_write_keyed writes
            // it: the stream's document and its old people row replaced, the new row not yet.
            try await world.database.withConnection(as: world.database.provisioned.app) { page in
                try await page.query("BEGIN", logger: TestCluster.logger)
                try await page.query("DELETE FROM placements_documents WHERE stream_id = 'placement-pl-ana'", logger: TestCluster.logger)
                try await page.query("DELETE FROM placement_people WHERE stream_id = 'placement-pl-ana'", logger: TestCluster.logger)
                let finished = Finished()
                let forget = Self.tracked(finished) { try await erasure.forget(person, reason: "request #12", actor: "test", today: day) }
                while try await !Self.someoneWaitsForALock(world), !finished.isSet {
                    try await Task.sleep(for: .milliseconds(20))
                }
                // The page goes on while the erasure waits: it writes the rows back and commits.
                try await Self.writePlacementRows(of: Self.ana, suffix: "", on: page)
                try await page.query("COMMIT", logger: TestCluster.logger)
                #expect(try await forget.value.erasure == .erased(on: "2026-12-05"))
            }
            #expect(try await world.database.count("SELECT count(*) FROM placement_people WHERE person_id = 'p-ana'") == 0)
            let dump = try await world.database.dump()
            for secret in [Self.ana.name, Self.ana.email, Self.ana.orcid] { #expect(!dump.contains(secret), "\(secret)") }
        }
    }

    @Test(.hangGuard)
    func aPageAfterTheErasuresLockWaitsForItsCommitAndIsRefused() async throws {
        let world = try await VaultWorld.make("vault_page_after")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            try await store.append(to: "placement-pl-ana", expected: .noStream, [
                VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
            ])
            try await world.database.withConnection(as: world.database.provisioned.app) { erasing in
                // As forget does: the read models' tables locked first, then the key destroyed.
                try await erasing.query("BEGIN", logger: TestCluster.logger)
                try await erasing.query("SELECT erase_person_lock_read_models()", logger: TestCluster.logger)
                #expect(try await vault.erase(Self.ana.id, on: "2026-12-05", on: erasing) == .erased(on: "2026-12-05"))
                let finished = Finished()
                let page = Self.tracked(finished) {
                    try await world.database.withConnection(as: world.database.provisioned.app) { page in
                        try await Self.writePlacementRows(of: Self.ana, suffix: "", on: page)
                    }
                }
                while try await !Self.someoneWaitsForALock(world), !finished.isSet {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await erasing.query("COMMIT", logger: TestCluster.logger)
                await #expect { try await page.value } throws: { sqlState($0) == "23514" }
            }
            #expect(try await world.database.count("SELECT count(*) FROM placement_people") == 0)
        }
    }

    @Test func sealedAppendsAndReadsNeedOnlyTheConnectionTheyAlreadyHold() async throws {
        let world = try await VaultWorld.make("vault_one_connection")
        // Every caller holds the pool's only connection: a vault that asked the pool for a
        // second one would wait for ever.
        try await world.withVault(KEKSetting(file: world.kekFile()), maximumConnections: 1) { store, _ in
            for (stream, event) in Self.studentships(3) {
                try await store.client.withTransaction(logger: TestCluster.logger) { connection in
                    try await store.append(to: stream, expected: .noStream, [event], on: connection)
                }
            }
            try await store.append(to: "placement-p9", expected: .noStream, [Self.studentships(10)[9].event])
            // Pages show only what is below the cluster-wide gap-safe watermark, which other
            // suites' open transactions may hold back for a while: read until all four show.
            var page: [RecordedEvent] = []
            while page.count < 4 {
                page = try await store.readAll(after: .start, limit: 100, maxBytes: 1_000_000, filter: .none).events
                if page.count < 4 { try await Task.sleep(for: .milliseconds(20)) }
            }
            let read = try await store.client.withConnection { connection in
                try await store.readPage(after: .start, limit: 100, on: connection).events
            }
            #expect(read.count == 4)
            for events in [page, read] {
                #expect(events.map { String(decoding: $0.data, as: UTF8.self) }.filter { $0.contains("Person Number") }.count == 4)
            }
        }
    }

    @Test func aKeyMadeInATransactionThatRolledBackIsNotUsedToSealLater() async throws {
        let world = try await VaultWorld.make("vault_rollback_key")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, _ in
            let event = VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
            struct Abandoned: Error {}
            await #expect {
                try await store.client.withTransaction(logger: TestCluster.logger) { connection in
                    try await store.append(to: "placement-pl-ana", expected: .noStream, [event], on: connection)
                    throw Abandoned()
                }
            } throws: { ($0 as? PostgresTransactionError)?.closureError is Abandoned }
            #expect(try await world.database.count("SELECT count(*) FROM person_keys") == 0)
            try await store.append(to: "placement-pl-ana", expected: .noStream, [event])
            let read = try await store.readStream("placement-pl-ana")
            #expect(read.map { String(decoding: $0.data, as: UTF8.self) }.joined().contains(Self.ana.name))
        }
    }

    /// Ana's row in `placement_people<suffix>` and a document naming her in
    /// `placements_documents<suffix>`, as the placements projection writes them.
    static func writePlacementRows(
        of person: (id: String, name: String, email: String, orcid: String), suffix: String, on connection: PostgresConnection
    ) async throws {
        let document = """
            {"person": "\(person.id)", "orcid": "\(person.orcid)", "personalData": {"name": "\(person.name)", "email": "\(person.email)"}}
            """
        let stream = "placement-pl-ana"
        try await connection.query("""
            INSERT INTO \(unescaped: "placements_documents" + suffix) (stream_id, doc) VALUES (\(stream), \(document)::jsonb)
            """, logger: TestCluster.logger)
        try await connection.query("""
            INSERT INTO \(unescaped: "placement_people" + suffix) (stream_id, placement_id, person_id, orcid, name, email)
            VALUES (\(stream), 'pl-ana', \(person.id), \(person.orcid), \(person.name), \(person.email))
            """, logger: TestCluster.logger)
    }

    static func someoneWaitsForALock(_ world: VaultWorld) async throws -> Bool {
        // This database's sessions only: the cluster is shared with other suites.
        try await world.database.count(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0
    }

    /// Set by a task when it ends, so a test can ask without waiting for it.
    final class Finished: Sendable {
        private let flag = Mutex(false)
        func set() { flag.withLock { $0 = true } }
        var isSet: Bool { flag.withLock { $0 } }
    }

    /// Runs `body` in a task that marks `finished` when it ends, however it ends.
    static func tracked<T: Sendable>(_ finished: Finished, _ body: @escaping @Sendable () async throws -> T) -> Task<T, any Error> {
        Task {
            defer { finished.set() }
            return try await body()
        }
    }
}
