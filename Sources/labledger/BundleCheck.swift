import ArgumentParser
import LabLedgerAudit

/// `verify --bundle`: an evidence bundle checked with no database, one line of verdict.
enum BundleCheck {
    static func run(path: String, outsideKey: String?) throws {
        let verdict = try BundleVerifier(outsideKey: outsideKey).verify(path: path)
        print(verdict)
        if !verdict.ok { throw ExitCode(1) }
    }
}
