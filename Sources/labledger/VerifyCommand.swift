import ArgumentParser
import EventStore
import Foundation
import LabLedgerAudit
import TransparencyLog

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every stream's hash chain and the Merkle log from the events, check every signed checkpoint, and name the first mismatch.",
        discussion: """
            With --checkpoint FILE, checks instead that the history a checkpoint saved earlier committed \
            to is unchanged: its signature, its root recomputed from today's events, and a consistency \
            proof from it to the newest checkpoint. With --bundle FILE, checks an evidence bundle offline \
            (docs/audit.md, "Evidence bundles"). Exits with status 1 when the history was altered.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    @Option(help: "Verify only this stream's hash chain.")
    var stream: String?

    @Option(help: ArgumentHelp("A signed checkpoint saved earlier (the text of /v1/audit/checkpoint).", valueName: "file"))
    var checkpoint: String?

    @Option(help: ArgumentHelp(
        "An evidence bundle (labledger export, GET /v1/audit/bundle) to check offline, without any database.", valueName: "file"))
    var bundle: String?

    @Option(name: .customLong("public-key"), help: ArgumentHelp(
        "The log's verifier key (/v1/audit/public-key). Default: derived from the signing key file.", valueName: "key"))
    var publicKey: String?

    func run() async throws {
        try await CommandFailure.reporting { try await runReportingErrors() }
    }

    private func runReportingErrors() async throws {
        if let bundle { return try BundleCheck.run(path: bundle, outsideKey: publicKey) }
        if let stream {
            let report = try await ShortSession.run(database) { store, _, _ in try await store.verify(stream: stream) }
            try Self.report(report)
            return
        }
        let key = try verifierKey()
        if let checkpoint {
            let note = try String(contentsOfFile: checkpoint, encoding: .utf8)
            let verdict = try await ShortSession.run(database) { store, _, logger in
                try await LogVerifier(store: store, verifierKey: key, logger: logger).verify(savedCheckpoint: note)
            }
            print(verdict)
            if verdict.failure != nil { throw ExitCode(1) }
            return
        }
        let (chains, log) = try await ShortSession.run(database) { store, _, logger in
            (try await store.verifyAll(), try await LogVerifier(store: store, verifierKey: key, logger: logger).verify())
        }
        if let problem = log.firstProblem {
            print("ALTERED: \(problem) (\(log.leavesChecked) log leaves and \(log.checkpointsChecked) checkpoints checked)")
        } else {
            print("intact log: \(log.leavesChecked) leaves recomputed, \(log.checkpointsChecked) signed checkpoints matched")
        }
        try Self.report(chains, alsoFailed: log.firstProblem != nil)
    }

    private func verifierKey() throws -> String {
        if let publicKey {
            do {
                _ = try NoteVerifier(verifierKey: publicKey)
            } catch {
                throw ValidationError("--public-key is not a verifier key (<name>+<8 hex digit key id>+<base64 key>) of a log: \(error).")
            }
            return publicKey
        }
        let file = log.log(dataDirectory: database.dataDirectory).keyFile
        guard FileManager.default.fileExists(atPath: file) else {
            throw ValidationError("No --public-key given and no signing key at \(file) to derive it from.")
        }
        return try CheckpointSigner.load(origin: log.origin, keyFile: file).verifierKey
    }

    private static func report(_ report: VerificationReport, alsoFailed: Bool = false) throws {
        if let mismatch = report.firstMismatch {
            Swift.print("ALTERED: \(mismatch) (\(report.eventsChecked) events in \(report.streamsChecked) streams checked)")
            throw ExitCode(1)
        }
        Swift.print("intact chains: \(report.eventsChecked) events in \(report.streamsChecked) streams, every hash recomputed and matched")
        if alsoFailed { throw ExitCode(1) }
    }
}
