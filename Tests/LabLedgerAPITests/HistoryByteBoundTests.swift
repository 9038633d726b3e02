import EventStore
import Foundation
import LabLedgerAPI
import Testing
import TestSupport

/// History pages are bounded by bytes as well as by count: a page stops adding events once
/// 1 MiB of event data is in it (at least one event), and `next` resumes exactly after its last.
@Suite struct HistoryByteBoundTests {
    /// Events of about 200 kB each: five hold 1,000,060 bytes, under 1 MiB, so the sixth still
    /// joins a page and the seventh does not.
    static let eventBytes = 200_000
    static let events = 24

    static func appendLargeEvents(_ app: APITestApp) async throws -> [Int64] {
        var positions: [Int64] = []
        for index in 0..<events {
            let blob = String(repeating: Character(UnicodeScalar(UInt8(97 + index % 26))), count: eventBytes)
            let result = try await app.store.append(to: "bulk-1", expected: .any, [event("Bulky", #"{"blob": "\#(blob)"}"#)])
            positions.append(contentsOf: result.positions)
        }
        return positions
    }

    /// The gap-safe watermark is cluster-wide: a transaction of a test running beside this one
    /// can hold our committed events back for a moment, and a page would end at the watermark.
    static func waitUntilVisible(_ count: Int, _ app: APITestApp) async throws {
        for _ in 0..<600 {
            if try await app.store.readAll(after: .start, limit: 1_000).count >= count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw APITestError("the history did not show \(count) events within 30 s")
    }

    @Test func aJSONPageOfLargeEventsIsCutBeforeItsLimitAndNextContinuesExactlyAfterIt() async throws {
        try await APITestApp.run("history_bytes", workers: false) { app in
            let positions = try await Self.appendLargeEvents(app)
            let auditor = try await app.key(.auditor)
            try await Self.waitUntilVisible(positions.count, app)
            var seen: [Int64] = []
            var pages: [Int] = []
            var page = try await app.get("/v1/events?limit=1000", key: auditor)
            while true {
                let items = try #require(page.json["items"] as? [[String: Any]])
                pages.append(items.count)
                seen.append(contentsOf: items.compactMap { ($0["position"] as? NSNumber)?.int64Value })
                guard let next = page.json["next"] as? String else { break }
                page = try await app.get("/v1/events?limit=1000&after=\(next)", key: auditor)
            }
            #expect(pages.first == 6, "pages: \(pages)")
            #expect(pages.allSatisfy { $0 <= 6 }, "pages: \(pages)")
            #expect(seen == positions, "every event once, in order")

            var streamSeen: [Int64] = []
            var after = 0
            var streamPages = 0
            while true {
                let page = try await app.get("/v1/streams/bulk-1/events?limit=1000&after=\(after)", key: auditor)
                let items = try #require(page.json["items"] as? [[String: Any]])
                streamPages += 1
                #expect(items.count <= 6)
                streamSeen.append(contentsOf: items.compactMap { ($0["position"] as? NSNumber)?.int64Value })
                guard let next = page.json["next"] as? String, let version = Int(next) else { break }
                after = version
            }
            #expect(streamSeen == positions)
            #expect(streamPages >= Self.events / 6)
        }
    }

    @Test func ndjsonStreamsEveryLargeEventOncePerLine() async throws {
        try await APITestApp.run("history_ndjson_bytes", workers: false) { app in
            let positions = try await Self.appendLargeEvents(app)
            let auditor = try await app.key(.auditor)
            try await Self.waitUntilVisible(positions.count, app)
            let ndjson = try await app.get("/v1/events", key: auditor, headers: [.accept: "application/x-ndjson"])
            let lines = ndjson.text.split(separator: "\n")
            let streamed = lines.compactMap { line in
                ((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any])?["position"] as? NSNumber
            }.map(\.int64Value)
            #expect(streamed == positions)
        }
    }
}
