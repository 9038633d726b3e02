import Foundation

/// The installed PostgreSQL server programs (initdb, pg_ctl, postgres).
public struct PostgresBinaries: Sendable, Hashable {
    public var directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func path(_ program: String) -> String {
        directory.appendingPathComponent(program).path
    }

    /// `LABLEDGER_PG_BIN`; else, for an existing cluster, the binaries of its major version (a
    /// newer server refuses an older cluster's files); else the newest `/usr/lib/postgresql/N/bin`;
    /// else `/usr/local/pgsql/bin`.
    public static func locate(
        forDataDirectory dataDirectory: URL? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PostgresBinaries {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let explicit = environment["LABLEDGER_PG_BIN"], !explicit.isEmpty { candidates.append(explicit) }
        let debianRoot = "/usr/lib/postgresql"
        if let dataDirectory,
           let version = try? String(contentsOf: dataDirectory.appendingPathComponent("PG_VERSION"), encoding: .utf8),
           let major = Int(version.trimmingCharacters(in: .whitespacesAndNewlines)) {
            candidates.append("\(debianRoot)/\(major)/bin")
        }
        let versions = ((try? fileManager.contentsOfDirectory(atPath: debianRoot)) ?? [])
            .compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "\(debianRoot)/\($0)/bin" }
        candidates.append("/usr/local/pgsql/bin")
        for candidate in candidates where ["initdb", "pg_ctl", "postgres"].allSatisfy({
            fileManager.isExecutableFile(atPath: "\(candidate)/\($0)")
        }) {
            return PostgresBinaries(directory: URL(fileURLWithPath: candidate))
        }
        throw EmbeddedPostgresError.binariesNotFound(searched: candidates)
    }
}

public enum EmbeddedPostgresError: Error, Sendable, CustomStringConvertible {
    case binariesNotFound(searched: [String])
    case noPostgresUser
    case commandFailed(command: String, status: Int32, output: String)
    case notAccessible(path: String)
    case notReachable(path: String)

    public var description: String {
        switch self {
        case let .binariesNotFound(searched):
            return """
                PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found in \(searched.joined(separator: ", ")).
                Install them with `apt-get install -y postgresql` (Debian/Ubuntu), set LABLEDGER_PG_BIN to their folder,
                or set DATABASE_URL to use a server you already run.
                """
        case .noPostgresUser:
            return "running as root, the embedded PostgreSQL must run as the `postgres` user, which does not exist; install the `postgresql` package or run as a normal user"
        case let .commandFailed(command, status, output):
            return "`\(command)` failed with status \(status):\n\(output)"
        case let .notAccessible(path):
            return "the postgres user cannot reach \(path); choose another folder with LABLEDGER_DATA_DIR"
        case let .notReachable(path):
            return "the PostgreSQL cluster in \(path) neither accepted connections nor could be started within 60 s; see labledger-server.log in that folder"
        }
    }
}
