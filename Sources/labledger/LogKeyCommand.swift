import ArgumentParser
import Foundation
import LabLedgerAudit

/// Prints the log's public key from its signing key file, for the API processes that get only
/// the public key (LABLEDGER_LOG_PUBLIC_KEY). Run it where the worker's key is.
struct LogKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log-key",
        abstract: "Print the log's public key (the verifier key API processes serve) from the signing key file; --create makes the key file first if it is missing, as `labledger work` would.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    @Flag(name: .customLong("create"), help: "Create the signing key file (0600) if it does not exist.")
    var create = false

    func run() throws {
        let configuration = log.log(dataDirectory: database.dataDirectory)
        guard create || FileManager.default.fileExists(atPath: configuration.keyFile) else {
            throw ValidationError("No signing key at \(configuration.keyFile) (--log-key-file, env LABLEDGER_LOG_KEY_FILE); --create makes one.")
        }
        // `load` creates the file only when it is missing, which the guard above allows only with --create.
        print(try CheckpointSigner.load(origin: configuration.origin, keyFile: configuration.keyFile).verifierKey)
    }
}
