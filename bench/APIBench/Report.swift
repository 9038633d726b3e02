import Foundation

enum Report {
    static func commandRow(connections: Int, raw: Double, api: Wrk.Result) -> String {
        "| \(connections) | \(Int(raw)) | \(Int(api.requestsPerSecond)) | \(percent(api.requestsPerSecond / raw)) | \(ms(api.p50Milliseconds)) | \(ms(api.p99Milliseconds)) | \(api.errors) |"
    }

    static func queryRow(connections: Int, trivial: Wrk.Result, query: Wrk.Result) -> String {
        "| \(connections) | \(Int(trivial.requestsPerSecond)) | \(Int(query.requestsPerSecond)) | \(percent(query.requestsPerSecond / trivial.requestsPerSecond)) | \(ms(query.p50Milliseconds)) | \(ms(query.p99Milliseconds)) | \(ms(trivial.p99Milliseconds)) | \(query.errors) |"
    }

    static func document(commands: [String], queries: [String], seconds: Int, assets: Int, workersDuringCommands: Bool, gate: Bool) -> String {
        """
        # API benchmark (\(Date().formatted(.iso8601)))

        One durable PostgreSQL cluster (fsync and synchronous commit on), the API and the trivial
        route in one process, wrk with 2 threads, \(seconds) s per measurement. Database gate
        (503 while the database is down) \(gate ? "on, as `labledger serve` runs it" : "off").

        ## Single-event commands (POST /v1/parties) beside pgbench INSERTs of the same event

        Projection workers \(workersDuringCommands ? "running, as in `labledger serve`" : "not yet started (appends alone)").

        | connections | pgbench INSERTs/s | API commands/s | ratio | p50 | p99 | errors |
        |---:|---:|---:|---:|---:|---:|---:|
        \(commands.joined(separator: "\n"))

        ## IP-status query (GET /v1/ip-assets/{id}, \(assets) assets, company key) beside a trivial Hummingbird route

        | connections | trivial req/s | query req/s | ratio | query p50 | query p99 | trivial p99 | errors |
        |---:|---:|---:|---:|---:|---:|---:|---:|
        \(queries.joined(separator: "\n"))

        """
    }

    static func percent(_ ratio: Double) -> String { String(format: "%.0f%%", ratio * 100) }
    static func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
}
