import BenchSupport
import EventStore
import Foundation
import LabLedgerAPI

/// Read-your-writes, one client at a time: a command, then the query that shows its write sent
/// with the command's `LabLedger-Position`, then the same query without it (the baseline: what
/// the query costs when it need not wait). The issue measured 22 of 54 such queries at 1.05–1.16 s.
enum ReadYourWritesBench {
    struct Result {
        var withToken = LatencySamples()
        var plain = LatencySamples()
        /// Queries answered 503 `read-model-lagging` (not in the samples).
        var lagging = 0
        var wakes = ProjectionPositions.Statistics()
    }

    /// Registers a party, then reads it (`directory`).
    static func parties(_ client: OneAtATime, rounds: Int, positions: ProjectionPositions?) async throws -> Result {
        let before = positions?.statistics
        var result = Result()
        let prefix = "ryw\(UUID().uuidString.prefix(8).lowercased())"
        for index in 0..<rounds {
            let party = "\(prefix)-\(index)"
            let created = try OneAtATime.expectOK(
                await client.post("/v1/parties", json: #"{"party":"\#(party)","name":"Bench \#(index)","kind":"company","country":"CN"}"#),
                "registering a party")
            try await measure(client, "/v1/parties/\(party)", position: created.position, into: &result)
        }
        result.wakes = difference(positions?.statistics, before)
        return result
    }

    /// Records a disbursement, then reads the commitment (`funding` and `directory`: the query
    /// waits for a projection that reads none of the command's events too).
    static func commitment(_ client: OneAtATime, seed: inout CommitmentSeed, rounds: Int, positions: ProjectionPositions?) async throws -> Result {
        let before = positions?.statistics
        var result = Result()
        for index in 0..<rounds {
            let paid = try OneAtATime.expectOK(
                await client.post("/v1/commitments/\(seed.id)/disbursements", json: CommitmentSeed.body(reference: "ryw-\(index)")),
                "recording a disbursement")
            seed.recordedByCommand()
            try await measure(client, "/v1/commitments/\(seed.id)", position: paid.position, into: &result)
        }
        result.wakes = difference(positions?.statistics, before)
        return result
    }

    private static func measure(_ client: OneAtATime, _ path: String, position: String?, into result: inout Result) async throws {
        let waited = try await client.get(path, position: position)
        if waited.status == 503 {
            result.lagging += 1
        } else {
            result.withToken.record(try OneAtATime.expectOK(waited, "the query with the position token").elapsed)
        }
        result.plain.record(try OneAtATime.expectOK(await client.get(path), "the query").elapsed)
    }

    private static func difference(_ after: ProjectionPositions.Statistics?, _ before: ProjectionPositions.Statistics?) -> ProjectionPositions.Statistics {
        guard let after, let before else { return .init() }
        var delta = ProjectionPositions.Statistics()
        delta.alreadyReached = after.alreadyReached - before.alreadyReached
        delta.wokenByNotification = after.wokenByNotification - before.wokenByNotification
        delta.wokenByRecheck = after.wokenByRecheck - before.wokenByRecheck
        delta.timedOut = after.timedOut - before.timedOut
        return delta
    }

    /// The cell: requests/s one at a time with the token beside the same query without it.
    static func cell(_ name: String, _ result: Result, rssOf: String) -> BenchCell {
        let waited = result.withToken.p50p99Ms
        let plain = result.plain.p50p99Ms
        return BenchCell(
            benchmark: "api", cell: "read-your-writes: \(name), one at a time", unit: "req/s",
            subject: "query sent with the command's LabLedger-Position", labledger: rate(result.withToken),
            baselineName: "the same query without the token", baseline: rate(result.plain),
            p50Ms: waited.p50, p99Ms: waited.p99, baselineP50Ms: plain.p50, baselineP99Ms: plain.p99,
            rssOf: rssOf, errors: result.lagging,
            extra: [
                "queries": Double(result.withToken.count), "answeredAtOnce": Double(result.wakes.alreadyReached),
                "wokenByNotification": Double(result.wakes.wokenByNotification), "wokenByRecheck": Double(result.wakes.wokenByRecheck),
                "maxMs": result.withToken.percentileMs(100) ?? 0,
            ])
    }

    /// Requests per second of a client that sends the next request when the answer arrives.
    static func rate(_ samples: LatencySamples) -> Double? {
        let total = samples.seconds.reduce(0, +)
        return total > 0 ? Double(samples.count) / total : nil
    }
}
