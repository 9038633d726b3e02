import BenchSupport

extension BenchCell {
    /// An API bench cell of requests per second measured by wrk, beside a baseline measured in
    /// the same run: its rate and, where its tool reports them, its p50/p99 latency.
    static func wrk(
        _ cell: String, subject: String, result: Wrk.Result,
        baselineName: String, baseline: Double, baselineLatency: (p50: Double?, p99: Double?),
        peakRSSBytes: Int? = nil, rssOf: String? = nil
    ) -> BenchCell {
        BenchCell(
            benchmark: "api", cell: cell, unit: "req/s", subject: subject, labledger: result.requestsPerSecond,
            baselineName: baselineName, baseline: baseline,
            p50Ms: result.p50Milliseconds, p99Ms: result.p99Milliseconds,
            baselineP50Ms: baselineLatency.p50, baselineP99Ms: baselineLatency.p99,
            peakRSSBytes: peakRSSBytes, rssOf: rssOf, errors: result.errors)
    }
}
