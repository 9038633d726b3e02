import BenchSupport
import EventStore
import Foundation

/// The scaling benchmark, command side: one commitment stream grown (straight in the
/// store) to each length, then disbursements recorded through the API one at a time. The first
/// command after a growth folds the events it has not seen (they were written by "another
/// process"); the ones after it start from the cached state. Target: the p50 at 10,000
/// within 2× of the p50 at 10.
enum ScalingBench {
    struct Result {
        var length: Int
        var samples = LatencySamples()
        /// The first command after the stream grew: it folds what it had not seen.
        var first: Duration = .zero
    }

    static func measure(_ client: OneAtATime, seed: inout CommitmentSeed, lengths: [Int], commands: Int) async throws -> [Result] {
        var results: [Result] = []
        for length in lengths.sorted() {
            try await seed.grow(to: length)
            var result = Result(length: seed.disbursements)
            for index in 0...commands {
                let answer = try OneAtATime.expectOK(
                    await client.post("/v1/commitments/\(seed.id)/disbursements", json: CommitmentSeed.body(reference: "cmd-\(length)-\(index)")),
                    "recording a disbursement on a stream of \(seed.disbursements)")
                seed.recordedByCommand()
                if index == 0 { result.first = answer.elapsed } else { result.samples.record(answer.elapsed) }
            }
            results.append(result)
            print(Report.scalingRow(result))
        }
        return results
    }

    /// One cell per length, each beside the shortest length's rate (its ratio: how much of the
    /// short stream's speed is left).
    static func cells(_ results: [Result], rssOf: String) -> [BenchCell] {
        let shortest = results.first.flatMap { ReadYourWritesBench.rate($0.samples) }
        return results.map { result in
            let (p50, p99) = result.samples.p50p99Ms
            let baseline = results.first?.samples.p50p99Ms
            return BenchCell(
                benchmark: "api", cell: "disbursement command (POST), stream of \(result.length) disbursements, one at a time", unit: "req/s",
                subject: "command on a long stream", labledger: ReadYourWritesBench.rate(result.samples),
                baselineName: "the same command on the stream of \(results.first?.length ?? 0)", baseline: shortest,
                p50Ms: p50, p99Ms: p99, baselineP50Ms: baseline?.p50, baselineP99Ms: baseline?.p99, rssOf: rssOf,
                extra: [
                    "commands": Double(result.samples.count), "streamLength": Double(result.length),
                    "firstCommandMs": Double(result.first.components.seconds) * 1000 + Double(result.first.components.attoseconds) / 1e15,
                ])
        }
    }
}
