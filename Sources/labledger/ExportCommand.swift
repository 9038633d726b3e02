import ArgumentParser
import Foundation
import LabLedgerAudit

extension BundleRequest.Axis: ExpressibleByArgument {}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write an evidence bundle: the events of a period, proved included in one signed checkpoint by a batch proof per group of events, the checkpoint, the log's key and a manifest.",
        discussion: """
            The period is [--from, --to) on the chosen time axis. The bundle is written to FILE.partial \
            and renamed when complete; an interrupted export run again with the same options continues \
            where it stopped. Check it anywhere with `labledger verify --bundle FILE --public-key KEY` \
            (docs/audit.md, "Evidence bundles").
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    @Option(help: ArgumentHelp("Start of the period, included: 2025-01-01 (UTC midnight) or an RFC 3339 timestamp.", valueName: "date"))
    var from: String

    @Option(help: ArgumentHelp("End of the period, excluded: 2025-04-01 or an RFC 3339 timestamp.", valueName: "date"))
    var to: String

    @Option(help: "Which time of an event the period is on: occurred (when it happened) or recorded (when the database stored it).")
    var axis: BundleRequest.Axis = .occurred

    @Option(help: ArgumentHelp("Only the events of streams this party is a party to.", valueName: "party"))
    var party: String?

    @Option(help: ArgumentHelp("The bundle file to write (must not exist).", valueName: "file"))
    var out: String

    @Option(name: .customLong("public-key"), help: ArgumentHelp(
        "The log's verifier key to put in the bundle. Default: derived from the signing key file.", valueName: "key"))
    var publicKey: String?

    func validate() throws {
        guard let from = BundleTime.parse(from) else { throw ValidationError("--from '\(from)' is neither a date (2025-01-01) nor an RFC 3339 timestamp.") }
        guard let to = BundleTime.parse(to) else { throw ValidationError("--to '\(to)' is neither a date (2025-04-01) nor an RFC 3339 timestamp.") }
        guard from < to else { throw ValidationError("--from must be earlier than --to: the period is [from, to).") }
    }

    func run() async throws {
        try await CommandFailure.reporting { try await runReportingErrors() }
    }

    private func runReportingErrors() async throws {
        guard let fromMicros = BundleTime.parse(from), let toMicros = BundleTime.parse(to) else { throw ValidationError("malformed period") }
        let request = BundleRequest(fromMicros: fromMicros, toMicros: toMicros, axis: axis, party: party)
        let key = try verifierKey()
        let progress = ExportProgress()
        let path = out
        let manifest = try await ShortSession.run(database) { store, _, logger in
            try await BundleFileExport.run(
                exporter: BundleExporter(client: store.client, logger: logger), request: request, verifierKey: key, to: path,
                progress: { progress.update($0) })
        }
        progress.finish()
        print("wrote \(path): \(manifest.events) events with \(manifest.axis)At in [\(manifest.from), \(manifest.to)), proved against the signed checkpoint of \(manifest.treeSize) leaves")
    }

    private func verifierKey() throws -> String {
        if let publicKey { return publicKey }
        let file = log.log(dataDirectory: database.dataDirectory).keyFile
        guard FileManager.default.fileExists(atPath: file) else {
            throw ValidationError("No --public-key given and no signing key at \(file) to derive it from.")
        }
        return try CheckpointSigner.load(origin: log.origin, keyFile: file).verifierKey
    }
}
