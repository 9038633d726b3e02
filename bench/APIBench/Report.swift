import Foundation

enum Report {
    static func commandRow(connections: Int, raw: Double, api: Wrk.Result) -> String {
        "| \(connections) | \(Int(raw)) | \(Int(api.requestsPerSecond)) | \(percent(api.requestsPerSecond / raw)) | \(ms(api.p50Milliseconds)) | \(ms(api.p99Milliseconds)) | \(api.errors) |"
    }

    static func queryRow(_ name: String, connections: Int, trivial: Wrk.Result, query: Wrk.Result) -> String {
        "| \(name) | \(connections) | \(Int(trivial.requestsPerSecond)) | \(Int(query.requestsPerSecond)) | \(percent(query.requestsPerSecond / trivial.requestsPerSecond)) | \(ms(query.p50Milliseconds)) | \(ms(query.p99Milliseconds)) | \(ms(trivial.p99Milliseconds)) | \(query.errors) |"
    }

    /// A floor cell: a bare route (`floor`) or PostgreSQL alone (`alone`) beside the target's
    /// baseline, and the API's own figure as a share of it.
    static func floorRow(
        _ name: String, connections: Int, baselineName: String, baseline: Double, floor: Wrk.Result?,
        alone: (perSecond: Double, p99: Double?)? = nil, api: Wrk.Result
    ) -> String {
        let rate = floor?.requestsPerSecond ?? alone?.perSecond ?? 0
        let p99 = (floor?.p99Milliseconds ?? alone?.p99).map(ms) ?? "–"
        return "| \(name) | \(connections) | \(baselineName) \(Int(baseline)) | \(Int(rate)) | \(percent(rate / baseline)) | \(p99) | \(Int(api.requestsPerSecond)) | \(percent(api.requestsPerSecond / rate)) | \(floor?.errors ?? 0) |"
    }

    static func document(commands: [String], queries: [String], floor: [String], seconds: Int, assets: Int, workersDuringCommands: Bool, gate: Bool) -> String {
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

        ## IP-status queries (\(assets) assets, company key) beside a trivial Hummingbird route

        Stored: the answer the projection stored, written as bytes. Typed: the same request through
        the typed handler (decode the document, render, encode), the path before stored answers.

        | query | connections | trivial req/s | query req/s | ratio | query p50 | query p99 | trivial p99 | errors |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|
        \(queries.joined(separator: "\n"))

        ## The floor: what Hummingbird and PostgresNIO reach here with one prepared statement

        Bare routes on a third port (no middleware, no authentication, no OpenAPI runtime, no
        decoding) sending one prepared statement through the API's own connection pool, and
        pgbench sending the stored-answer statement (PostgreSQL alone). The floor's share of the
        target's baseline is what a bare route of this stack reached on this machine; the API's
        share of the floor is what its own work costs.

        | floor | connections | baseline | floor/s | floor ÷ baseline | floor p99 | API/s | API ÷ floor | errors |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|
        \(floor.joined(separator: "\n"))

        """
    }

    static func readYourWritesRow(_ name: String, _ result: ReadYourWritesBench.Result) -> String {
        let (p50, p99) = result.withToken.p50p99Ms
        let (plain50, plain99) = result.plain.p50p99Ms
        return "| \(name) | \(ms(p50 ?? 0)) | \(ms(p99 ?? 0)) | \(ms(result.withToken.percentileMs(100) ?? 0)) | \(ms(plain50 ?? 0)) | \(ms(plain99 ?? 0)) | \(result.wakes.alreadyReached) / \(result.wakes.wokenByNotification) / \(result.wakes.wokenByRecheck) | \(result.lagging) |"
    }

    static func scalingRow(_ result: ScalingBench.Result) -> String {
        let (p50, p99) = result.samples.p50p99Ms
        let first = Double(result.first.components.seconds) * 1000 + Double(result.first.components.attoseconds) / 1e15
        return "| \(result.length) | \(ms(p50 ?? 0)) | \(ms(p99 ?? 0)) | \(ms(first)) |"
    }

    static func oneAtATime(readYourWrites: [String], scaling: [String], rounds: Int) -> String {
        """

        ## Read your writes, one client at a time (\(rounds) command-then-query rounds each)

        The query sent with the command's `LabLedger-Position`, then the same query without it.
        Woken: answered at once (already applied) / by the projection's notice / by a re-check of the table.

        | query | p50 with token | p99 with token | max with token | p50 without | p99 without | at once / notice / re-check | 503 |
        |---|---:|---:|---:|---:|---:|---:|---:|
        \(readYourWrites.joined(separator: "\n"))

        ## Commands on one long stream (POST /v1/commitments/{id}/disbursements, one at a time)

        The stream grown in the store to each length; the first command after growing folds the
        events it had not seen, the next ones start from the cached state.

        | disbursements | p50 | p99 | first command |
        |---:|---:|---:|---:|
        \(scaling.joined(separator: "\n"))

        """
    }

    static func percent(_ ratio: Double) -> String { String(format: "%.0f%%", ratio * 100) }
    static func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
}
