import ArgumentParser
import Foundation
import LabLedgerApp

/// The transparency log's key and name; every option also from an environment variable.
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log-origin"), help: "The log's name: the first line of every checkpoint and the key's name; no spaces or '+' (env LABLEDGER_LOG_ORIGIN).")
    var origin: String = Settings.logOrigin.valueOrDefault

    @Option(name: .customLong("log-key-file"), help: "The Ed25519 key that signs checkpoints, created on first start by a process that signs (`work`, `serve` with workers; never `serve --no-workers`); keep it out of the database's backups. Default: <data-dir>/log-signing.key (env LABLEDGER_LOG_KEY_FILE).")
    var keyFile: String = Settings.logKeyFile.valueOrDefault

    @Option(name: .customLong("checkpoint-interval-ms"), help: "Least time between two signed checkpoints (env LABLEDGER_CHECKPOINT_INTERVAL_MS).")
    var checkpointIntervalMilliseconds: Int = Settings.checkpointIntervalMilliseconds.integerOrDefault ?? -1

    func log(dataDirectory: String) -> AppConfiguration.Log {
        let file = keyFile.isEmpty ? URL(fileURLWithPath: dataDirectory).appendingPathComponent("log-signing.key").path : keyFile
        return AppConfiguration.Log(origin: origin, keyFile: file, checkpointInterval: .milliseconds(checkpointIntervalMilliseconds))
    }

    func validate() throws {
        guard !origin.isEmpty, !origin.contains(where: { $0 == "+" || $0.isWhitespace }) else {
            throw ValidationError("--log-origin must be non-empty, without spaces or '+'.")
        }
        guard (10...3_600_000).contains(checkpointIntervalMilliseconds) else {
            throw ValidationError("--checkpoint-interval-ms must be 10...3600000.")
        }
    }
}
