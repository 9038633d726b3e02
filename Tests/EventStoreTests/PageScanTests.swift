import EventStore
import Foundation
import PostgresNIO
import TestSupport
import Testing

/// A page read type by type (`PageScan.byType`) is the page read in order, on PostgreSQL.
@Suite("Pages read type by type")
struct PageScanTests {
    /// Six types over four streams, in transactions of one to three events, with one
    /// transaction left open across others so that gap-safe order (transaction, then position)
    /// is not the order of positions.
    private static func appendHistory(_ store: PostgresEventStore, _ database: TestDatabase) async throws -> Int {
        let types = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"]
        var count = 0
        try await database.withConnection(as: database.provisioned.app) { slow in
            try await slow.query("BEGIN", logger: TestCluster.logger)
            try await store.append(to: "scan-slow", expected: .noStream, [event("Alpha"), event("Zeta")], on: slow)
            count += 2
            for index in 0..<60 {
                // Uneven: Alpha and Beta dense, Zeta rare, Epsilon only in the open transaction.
                let type = index % 7 == 6 ? "Zeta" : types[index % 4]
                let batch = (0...(index % 3)).map { _ in event(type, #"{"i": \#(index)}"#) }
                try await store.append(to: "scan-\(index % 4)", expected: .any, batch)
                count += batch.count
            }
            try await store.append(to: "scan-slow", expected: .exact(2), [event("Epsilon"), event("Beta")], on: slow)
            count += 2
            try await slow.query("COMMIT", logger: TestCluster.logger)
        }
        return count
    }

    private static func planCacheMode(_ connection: PostgresConnection) async throws -> String? {
        let setting = try await connection.query("SHOW plan_cache_mode", logger: TestCluster.logger)
        for try await value in setting.decode(String.self) { return value }
        return nil
    }

    private static func walk(
        _ store: PostgresEventStore, types: Set<String>?, limit: Int, scan: PageScan, on connection: PostgresConnection
    ) async throws -> [GapSafePage] {
        var pages: [GapSafePage] = []
        var after = Checkpoint.start
        while true {
            let page = try await store.readPage(after: after, limit: limit, types: types, scan: scan, on: connection)
            pages.append(page)
            after = page.resumeAt
            if !page.isFull { return pages }
        }
    }

    /// `history`'s events appended on a fresh database and readable, then `body` on one connection
    /// in one REPEATABLE READ snapshot, so that every read in it is under the same watermark.
    private static func withHistoryInOneSnapshot(
        _ name: String, _ body: @escaping @Sendable (PostgresEventStore, PostgresConnection) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.make(name)
        try await database.withStore { store in
            let total = try await appendHistory(store, database)
            _ = try await store.readAllOnce(expecting: total)
            try await database.withConnection(as: database.provisioned.app) { connection in
                try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ", logger: TestCluster.logger)
                try await body(store, connection)
                try await connection.query("COMMIT", logger: TestCluster.logger)
            }
        }
    }

    @Test("every page read type by type holds the same events, in the same order, and resumes where the page read in order does")
    func samePages() async throws {
        try await Self.withHistoryInOneSnapshot("pagescan") { store, connection in
            let all = try await store.readAll(limit: EventStoreLimits.maxReadLimit)
            #expect(all.map(\.globalPosition) != all.map(\.globalPosition).sorted(), "the history is not in position order")
            let selections: [Set<String>] = [
                ["Alpha"], ["Zeta"], ["Epsilon"], ["Beta", "Delta", "Zeta"],
                ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"], ["Nothing"], ["Nothing", "Gamma"],
            ]
            for types in selections {
                let expected = all.filter { types.contains($0.type) }
                for limit in [1, 3, 7, 50, 1_000] {
                    let inOrder = try await Self.walk(store, types: types, limit: limit, scan: .inOrder, on: connection)
                    let byType = try await Self.walk(store, types: types, limit: limit, scan: .byType, on: connection)
                    #expect(byType.flatMap(\.events).map(\.eventID) == expected.map(\.eventID), "\(types) by \(limit)")
                    #expect(byType.map { $0.events.map(\.eventID) } == inOrder.map { $0.events.map(\.eventID) })
                    #expect(byType.map(\.resumeAt) == inOrder.map(\.resumeAt))
                    #expect(byType.map(\.isFull) == inOrder.map(\.isFull))
                    // The payloads and everything else about each event come through too.
                    #expect(byType.flatMap(\.events) == inOrder.flatMap(\.events))
                }
            }
            // The typed statement did the reading, under its generic plan from the first page.
            let plans = try await connection.query(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'labledger_gap_safe_typed_page_v1'",
                logger: TestCluster.logger)
            var counts: [(Int64, Int64)] = []
            for try await row in plans.decode((Int64, Int64).self) { counts.append(row) }
            #expect(counts.count == 1)
            #expect(counts.allSatisfy { $0.0 > 0 && $0.1 == 0 })
            #expect(try await Self.planCacheMode(connection) == "auto")
        }
    }

    @Test("a reader of more types than the statement has branches gets its page in order, the same events")
    func manyTypes() async throws {
        try await Self.withHistoryInOneSnapshot("pagescanmany") { store, connection in
            let many = Set((0..<60).map { "Other\($0)" } + ["Gamma", "Zeta"])
            let inOrder = try await Self.walk(store, types: many, limit: 5, scan: .inOrder, on: connection)
            let byType = try await Self.walk(store, types: many, limit: 5, scan: .byType, on: connection)
            #expect(!inOrder.flatMap(\.events).isEmpty)
            #expect(byType.map { $0.events.map(\.eventID) } == inOrder.map { $0.events.map(\.eventID) })
            #expect(byType.map(\.resumeAt) == inOrder.map(\.resumeAt))
        }
    }

    @Test("a page read type by type holds back a later event while an earlier transaction is open")
    func gapSafe() async throws {
        let database = try await TestDatabase.make("pagescangap")
        try await database.withStore { store in
            try await database.withConnection(as: database.provisioned.app) { slow in
                try await slow.query("BEGIN", logger: TestCluster.logger)
                let early = try await store.append(to: "gap-a", expected: .noStream, [event("Early")], on: slow)
                let late = try await store.append(to: "gap-b", expected: .noStream, [event("Late")])
                try await database.withConnection(as: database.provisioned.app) { reader in
                    let held = try await store.readPage(
                        after: .start, limit: 100, types: ["Early", "Late"], scan: .byType, on: reader)
                    #expect(held.events.isEmpty)
                    try await slow.query("COMMIT", logger: TestCluster.logger)
                    // Other tests' transactions may hold the cluster's watermark back for a while.
                    var page = held
                    for _ in 0..<600 where page.events.count < 2 {
                        page = try await store.readPage(after: .start, limit: 100, types: ["Early", "Late"], scan: .byType, on: reader)
                        if page.events.count < 2 { try await Task.sleep(for: .milliseconds(50)) }
                    }
                    #expect(page.events.map(\.globalPosition) == [early.positions[0], late.positions[0]])
                    // Outside a transaction, as a runner reads, the setting is back to the default.
                    #expect(try await Self.planCacheMode(reader) == "auto")
                }
            }
        }
    }
}
