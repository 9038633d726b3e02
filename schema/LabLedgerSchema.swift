import EventStore
import Foundation

/// The numbered SQL migrations in `schema/migrations/`, shipped inside the binary.
public enum LabLedgerSchema {
    /// `LABLEDGER_SCHEMA_DIR` overrides the bundled files (for trying a migration without a rebuild).
    public static func migrations(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [Migration] {
        if let override = environment["LABLEDGER_SCHEMA_DIR"], !override.isEmpty {
            return try Migration.load(from: URL(fileURLWithPath: override))
        }
        guard let directory = Bundle.module.url(forResource: "migrations", withExtension: nil) else {
            throw MigrationError.directoryUnreadable("the binary's resources", "no migrations folder was bundled")
        }
        return try Migration.load(from: directory)
    }
}
