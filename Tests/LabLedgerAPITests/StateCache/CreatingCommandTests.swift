import EventStore
import Foundation
import LabLedgerAPI
import Testing

/// A command that starts its stream takes it as empty on its first attempt instead of reading
/// it; the append at "no stream yet" is what makes the guess count (real PostgreSQL).
@Suite struct CreatingCommandTests {
    static let cuhk = #"{"party":"cuhk-shenzhen","name":"The Chinese University of Hong Kong, Shenzhen","kind":"university","country":"CN"}"#

    /// Loads of a stream, as the state cache counts them (each load is a hit or a miss).
    static func loads(_ app: APITestApp) -> Int {
        let statistics = app.shared.states.statistics
        return statistics.hits + statistics.misses
    }

    @Test func aNewStreamIsWrittenWithoutBeingReadAndAnExistingOneIsReadBeforeItIsRefused() async throws {
        try await APITestApp.run("create_guess", workers: false) { app in
            let key = try await app.admin()
            let before = Self.loads(app)
            let created = try await app.post("/v1/parties", key: key, json: Self.cuhk)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.etag == "\"1\"")
            #expect(Self.loads(app) == before, "registering a new party read its stream")

            // The stream exists now: the guess's append fails, the stream is read, and the
            // answer is the rule's refusal, with nothing written.
            let again = try await app.post("/v1/parties", key: key, json: Self.cuhk)
            #expect(again.status == .unprocessableContent, "\(again.text)")
            #expect(again.code?.hasPrefix("party.") == true, "\(again.text)")
            #expect(Self.loads(app) == before + 1)
            #expect(try await app.database.count() == 1)
        }
    }

    @Test func creatorsRacingForOneStreamWriteItOnceAndTheOthersGetTheRulesRefusal() async throws {
        try await APITestApp.run("create_race", workers: false) { app in
            let key = try await app.admin()
            let answers = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for _ in 0..<8 { group.addTask { try await app.post("/v1/parties", key: key, json: Self.cuhk) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.status == .created }.count == 1)
            let refused = answers.filter { $0.status != .created }
            #expect(refused.count == 7)
            #expect(refused.allSatisfy { $0.status == .unprocessableContent && $0.code?.hasPrefix("party.") == true }, "\(refused.map(\.text))")
            #expect(try await app.database.count() == 1)
        }
    }

    /// With the stream's fold in the cache the stream is known to exist: no guess, and the one
    /// read starts from the cached state (the correction's load cached the party's first event,
    /// so it reads the correction alone). A guess would fail its append, drop the cached fold and
    /// read the stream from its first event: a miss that reads both events.
    @Test func aStreamTheCacheHoldsIsReadFromTheCacheAndNotGuessedNew() async throws {
        try await APITestApp.run("create_cached", workers: false) { app in
            let key = try await app.admin()
            #expect(try await app.post("/v1/parties", key: key, json: Self.cuhk).status == .created)
            let correction = #"{"name":"CUHK-Shenzhen","kind":"university","country":"CN","reason":"short name"}"#
            #expect(try await app.post("/v1/parties/cuhk-shenzhen/corrections", key: key, json: correction).status == .ok)
            let before = app.shared.states.statistics
            let again = try await app.post("/v1/parties", key: key, json: Self.cuhk)
            #expect(again.status == .unprocessableContent, "\(again.text)")
            let after = app.shared.states.statistics
            #expect(after.hits == before.hits + 1)
            #expect(after.misses == before.misses)
            #expect(after.eventsRead == before.eventsRead + 1)
            #expect(try await app.database.count() == 2)
        }
    }
}
