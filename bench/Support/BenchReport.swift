import Foundation

/// One measured cell of a benchmark, as `bench/run` merges and tabulates it: LabLedger's figure
/// beside its raw PostgreSQL (or trivial-server) baseline, measured in the same run.
public struct BenchCell: Codable, Sendable {
    /// The benchmark it belongs to ("append", "projections", "api").
    public var benchmark: String
    /// The cell within it, e.g. "1 event/append, 16 clients".
    public var cell: String
    /// The unit of `labledger` and `baseline`, e.g. "events/s", "req/s", "ms".
    public var unit: String
    /// What `labledger` measures, e.g. "store append"; in `supplementary` cells, the variant of
    /// PostgreSQL alone that is compared with the baseline.
    public var subject: String
    /// The measured figure: LabLedger's, except in `supplementary` cells (see `subject`).
    public var labledger: Double?
    /// What the baseline is, e.g. "raw pgbench INSERTs".
    public var baselineName: String?
    public var baseline: Double?
    /// labledger ÷ baseline for throughputs (higher is better); nil without a baseline.
    public var ratio: Double?
    /// Latency of LabLedger's operations in this cell, in milliseconds, where measured.
    public var p50Ms: Double?
    public var p99Ms: Double?
    /// The baseline's latency, where its tool reports it.
    public var baselineP50Ms: Double?
    public var baselineP99Ms: Double?
    /// Peak resident set of the process named by `rssOf` while LabLedger's side of this cell ran.
    public var peakRSSBytes: Int?
    public var rssOf: String?
    /// Errors (non-2xx answers, failed requests) during LabLedger's side, where counted.
    public var errors: Int?
    /// Anything else a reader of the cell needs (other baselines, counts).
    public var extra: [String: Double]

    public init(
        benchmark: String, cell: String, unit: String, subject: String, labledger: Double?, baselineName: String?, baseline: Double?,
        p50Ms: Double? = nil, p99Ms: Double? = nil, baselineP50Ms: Double? = nil, baselineP99Ms: Double? = nil,
        peakRSSBytes: Int? = nil, rssOf: String? = nil, errors: Int? = nil, extra: [String: Double] = [:]
    ) {
        self.benchmark = benchmark
        self.cell = cell
        self.unit = unit
        self.subject = subject
        self.labledger = labledger
        self.baselineName = baselineName
        self.baseline = baseline
        if let labledger, let baseline, baseline > 0 { ratio = labledger / baseline }
        self.p50Ms = p50Ms
        self.p99Ms = p99Ms
        self.baselineP50Ms = baselineP50Ms
        self.baselineP99Ms = baselineP99Ms
        self.peakRSSBytes = peakRSSBytes
        self.rssOf = rssOf
        self.errors = errors
        self.extra = extra
    }
}

/// What one benchmark binary writes with `--json`: its settings and its cells.
public struct BenchReport: Codable, Sendable {
    public var benchmark: String
    public var startedAt: String
    public var finishedAt: String
    public var cores: Int
    public var memoryBytes: UInt64
    /// The 1-minute load average when the benchmark started and when it finished.
    public var loadAtStart: Double?
    public var loadAtEnd: Double?
    public var settings: [String: String]
    public var cells: [BenchCell]
    /// Measurements of PostgreSQL alone that explain a design choice (not LabLedger figures).
    public var supplementary: [BenchCell]

    /// Starts a report now; `finish` stamps the end.
    public init(benchmark: String, settings: [String: String]) {
        self.benchmark = benchmark
        startedAt = Self.now()
        finishedAt = startedAt
        cores = ProcessInfo.processInfo.activeProcessorCount
        memoryBytes = ProcessInfo.processInfo.physicalMemory
        loadAtStart = Self.loadAverage()
        self.settings = settings
        cells = []
        supplementary = []
    }

    /// Stamps the end and writes the report as pretty JSON to `path`.
    public mutating func write(to path: String) throws {
        finishedAt = Self.now()
        loadAtEnd = Self.loadAverage()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }

    static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first
        else { return nil }
        return Double(first)
    }
}

/// Latency samples in seconds; percentiles in milliseconds by nearest rank.
public struct LatencySamples: Sendable {
    public private(set) var seconds: [Double] = []

    public init() {}

    public mutating func record(_ duration: Duration) {
        seconds.append(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    public mutating func merge(_ other: LatencySamples) { seconds.append(contentsOf: other.seconds) }

    public var count: Int { seconds.count }

    /// The `p`-th percentile (0–100) in milliseconds, nil without samples.
    public func percentileMs(_ p: Double) -> Double? { Self.percentile(seconds.sorted(), p).map { $0 * 1000 } }

    /// p50 and p99 in milliseconds from one sort.
    public var p50p99Ms: (p50: Double?, p99: Double?) {
        let sorted = seconds.sorted()
        return (Self.percentile(sorted, 50).map { $0 * 1000 }, Self.percentile(sorted, 99).map { $0 * 1000 })
    }

    /// Nearest rank: the smallest value at or above which `p` percent of the samples lie.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
