import EventStore
import Foundation
import LabLedgerAPI
import Testing
import TestSupport

/// Auditors' filters on GET /v1/events: exactly the matching events, in gap-safe order, with a
/// cursor that moves past the events a page skipped.
@Suite struct HistoryFilterTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text) ?? .distantPast }

    /// Six events on four streams of three categories, two on behalf of `acme`, one on acme's
    /// own party stream, occurring one a year from 2019. Returns their positions in order.
    static func appendStory(_ app: APITestApp) async throws -> [Int64] {
        let story: [(stream: String, type: String, behalf: String?, year: Int)] = [
            ("alpha-1", "Opened", nil, 2019),
            ("beta-1", "Filed", "acme", 2020),
            ("alpha-2", "Filed", nil, 2021),
            ("party-acme", "Renamed", nil, 2022),
            ("beta-1", "Closed", "acme", 2023),
            ("alpha-1", "Closed", nil, 2024),
        ]
        var positions: [Int64] = []
        for item in story {
            let data = EventData(
                type: item.type, data: Data(#"{"n": 1}"#.utf8),
                metadata: EventMetadata(actor: "test", onBehalfOf: item.behalf),
                occurredAt: at("\(item.year)-06-01T00:00:00Z"))
            positions.append(contentsOf: try await app.store.append(to: item.stream, expected: .any, [data]).positions)
        }
        return positions
    }

    static func positions(_ response: APIResponse) -> [Int64] {
        (response.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["position"] as? NSNumber)?.int64Value }
    }

    static func waitUntilVisible(_ count: Int, _ app: APITestApp) async throws {
        for _ in 0..<600 {
            if try await app.store.readAll(after: .start, limit: 1_000).count >= count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw APITestError("the history did not show \(count) events within 30 s")
    }

    @Test func eachFilterReturnsExactlyTheMatchingEventsInOrder() async throws {
        try await APITestApp.run("history_filters", workers: false) { app in
            let p = try await Self.appendStory(app)
            try await Self.waitUntilVisible(p.count, app)
            let auditor = try await app.key(.auditor)
            func matching(_ query: String) async throws -> [Int64] {
                let response = try await app.get("/v1/events?\(query)", key: auditor)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return Self.positions(response)
            }
            #expect(try await matching("types=Filed") == [p[1], p[2]])
            #expect(try await matching("types=Filed&types=Closed") == [p[1], p[2], p[4], p[5]])
            #expect(try await matching("types=Opened,Renamed") == [p[0], p[3]])
            #expect(try await matching("category=alpha") == [p[0], p[2], p[5]])
            #expect(try await matching("category=beta&types=Closed") == [p[4]])
            #expect(try await matching("party=acme") == [p[1], p[3], p[4]])
            #expect(try await matching("occurredFrom=2020-06-01T00:00:00Z&occurredTo=2023-06-01T00:00:00Z") == [p[1], p[2], p[3]])
            #expect(try await matching("occurredFrom=2020-06-01T02:00:00%2B02:00&occurredTo=2020-06-01T00:00:00.000001Z") == [p[1]])
            #expect(try await matching("recordedTo=2000-01-01T00:00:00Z").isEmpty)
            #expect(try await matching("recordedFrom=2000-01-01T00:00:00Z") == p)
            #expect(try await matching("types=Nothing").isEmpty)
        }
    }

    @Test func aFilteredPageResumesPastTheEventsItSkipped() async throws {
        try await APITestApp.run("history_filter_cursor", workers: false) { app in
            let p = try await Self.appendStory(app)
            try await Self.waitUntilVisible(p.count, app)
            let auditor = try await app.key(.auditor)
            // Full pages of one: `next` follows the matching events only.
            let first = try await app.get("/v1/events?types=Filed&limit=1", key: auditor)
            #expect(Self.positions(first) == [p[1]])
            let next = try #require(first.json["next"] as? String)
            let second = try await app.get("/v1/events?types=Filed&limit=1&after=\(next)", key: auditor)
            #expect(Self.positions(second) == [p[2]])
            // The last page is short: it reached the head, and `resume` is past the three events
            // after the last match, so nothing the reader skipped is behind it any more.
            let third = try await app.get("/v1/events?types=Filed&limit=1&after=\(try #require(second.json["next"] as? String))", key: auditor)
            #expect(Self.positions(third).isEmpty)
            #expect(third.json["next"] == nil)
            let resume = try #require(third.json["resume"] as? String)
            let after = try await app.get("/v1/events?after=\(resume)", key: auditor)
            #expect(Self.positions(after).isEmpty, "resume is past every event examined")
            // A new matching event is found from there.
            let later = try await app.store.append(to: "alpha-3", expected: .any, [event("Filed")]).positions
            try await Self.waitUntilVisible(p.count + 1, app)
            #expect(Self.positions(try await app.get("/v1/events?types=Filed&after=\(resume)", key: auditor)) == later)
        }
    }

    @Test func ndjsonStreamsOnlyTheMatchingEvents() async throws {
        try await APITestApp.run("history_filter_ndjson", workers: false) { app in
            let p = try await Self.appendStory(app)
            try await Self.waitUntilVisible(p.count, app)
            let auditor = try await app.key(.auditor)
            let response = try await app.get("/v1/events?category=beta,party", key: auditor, headers: [.accept: "application/x-ndjson"])
            #expect(response.status == .ok)
            let lines = response.text.split(separator: "\n").map { line in
                ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["position"] as? NSNumber
            }
            #expect(lines.map { $0?.int64Value } == [p[1], p[3], p[4]])
        }
    }

    @Test func badFiltersAreOneProblemNamingEveryFieldAndChangeNothing() async throws {
        try await APITestApp.run("history_filter_bad", workers: false) { app in
            let p = try await Self.appendStory(app)
            try await Self.waitUntilVisible(p.count, app)
            let auditor = try await app.key(.auditor)
            let query = [
                "types=Filed,", "category=Alpha9", "party=Not%20a%20slug", "occurredFrom=2020-13-01T00:00:00Z",
                "occurredTo=yesterday", "recordedFrom=2021-01-01T00:00:00Z", "recordedTo=2020-01-01T00:00:00Z",
            ].joined(separator: "&")
            let response = try await app.get("/v1/events?\(query)", key: auditor)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let pointers = Set((response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["pointer"] as? String })
            #expect(pointers == ["#query/types", "#query/category", "#query/party", "#query/occurredFrom", "#query/occurredTo", "#query/recordedTo"])
            let unfiltered = try await app.get("/v1/events", key: auditor)
            #expect(Self.positions(unfiltered) == p, "nothing was written")
        }
    }

    /// With the read models built: a party's events are those of every stream it is a party to
    /// (the whole stream, from its first event), and nobody else's.
    @Test func thePartyFilterFollowsTheStreamsThePartyIsAPartyTo() async throws {
        try await APITestApp.run("history_filter_party") { app in
            let story = try await IPAssetStory.begin(app, owned: false)
            let owned = try await story.determineOwnership()
            try await app.waitForReadModels(try #require(owned.json["position"] as? String))
            let auditor = try await app.key(.auditor)
            func streams(_ party: String) async throws -> [String: Int] {
                let response = try await app.get("/v1/events?party=\(party)&limit=1000", key: auditor)
                #expect(response.status == .ok, "\(response.text)")
                let items = response.json["items"] as? [[String: Any]] ?? []
                return items.reduce(into: [:]) { counts, item in counts[item["stream"] as? String ?? "?", default: 0] += 1 }
            }
            func streamLength(_ stream: String) async throws -> Int { try await app.store.currentVersion(of: stream) }
            let tencent = try await streams("tencent")
            let expected = ["party-tencent", "lab-\(story.lab)", "agreement-\(story.agreement)", "ipasset-\(story.asset)"]
            #expect(Set(tencent.keys) == Set(expected), "\(tencent)")
            for stream in expected { #expect(tencent[stream] == (try await streamLength(stream)), "every event of \(stream)") }
            #expect(try await streams("alibaba") == ["party-alibaba": 1])
        }
    }
}
