import ArgumentParser
import Foundation
import LabLedgerAPI

/// The HTTP side of `serve`; every option also from an environment variable.
struct APIServerOptions: ParsableArguments {
    @Option(name: .customLong("host"), help: "Address to listen on (env LABLEDGER_HOST).")
    var host: String = ProcessInfo.processInfo.environment["LABLEDGER_HOST"] ?? "127.0.0.1"

    @Option(name: .customLong("port"), help: "Port to listen on (env LABLEDGER_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["LABLEDGER_PORT"].flatMap(Int.init) ?? 8080

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted; larger ones get 413 (env LABLEDGER_MAX_BODY_BYTES).")
    var maxBodyBytes: Int = ProcessInfo.processInfo.environment["LABLEDGER_MAX_BODY_BYTES"].flatMap(Int.init) ?? 262_144

    @Option(name: .customLong("position-wait-ms"), help: "How long a query waits for LabLedger-Position before answering 503 (env LABLEDGER_POSITION_WAIT_MS).")
    var positionWaitMilliseconds: Int = ProcessInfo.processInfo.environment["LABLEDGER_POSITION_WAIT_MS"].flatMap(Int.init) ?? 5_000

    var apiOptions: APIOptions {
        var options = APIOptions()
        options.host = host
        options.port = port
        options.maxBodyBytes = maxBodyBytes
        options.maxPositionWait = .milliseconds(positionWaitMilliseconds)
        return options
    }

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535.") }
        guard maxBodyBytes >= 1_024 else { throw ValidationError("--max-body-bytes must be at least 1024.") }
        guard (0...60_000).contains(positionWaitMilliseconds) else { throw ValidationError("--position-wait-ms must be 0...60000.") }
    }
}
