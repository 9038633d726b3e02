import Crypto
import Foundation

/// One numbered SQL file of `schema/`, applied once and recorded with its checksum.
public struct Migration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// SHA-256 of the file's bytes, hex: an applied file that changes afterwards is refused.
    public var checksum: String {
        SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads `NNNN_name.sql` files, sorted by number; numbers must be unique.
    public static func load(from directory: URL) throws -> [Migration] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError.directoryUnreadable(directory.path, "\(error)")
        }
        var migrations: [Migration] = []
        for file in files where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw MigrationError.badFileName(file)
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version == later.version {
            throw MigrationError.duplicateVersion(later.version)
        }
        return migrations
    }
}

public enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    case directoryUnreadable(String, String)
    case badFileName(String)
    case duplicateVersion(Int)
    case checksumMismatch(version: Int, name: String, recorded: String, current: String)
    case unknownAppliedVersion(Int, name: String)
    case failed(version: Int, name: String, message: String)

    public var description: String {
        switch self {
        case let .directoryUnreadable(path, reason):
            return "cannot read migrations from \(path): \(reason)"
        case let .badFileName(file):
            return "migration file '\(file)' is not named NNNN_name.sql"
        case let .duplicateVersion(version):
            return "two migration files share the number \(version)"
        case let .checksumMismatch(version, name, recorded, current):
            return "migration \(version) (\(name)) was changed after it was applied (recorded checksum \(recorded.prefix(12))…, file now \(current.prefix(12))…); add a new migration instead of editing an applied one"
        case let .unknownAppliedVersion(version, name):
            return "the database has migration \(version) (\(name)) applied, which this build does not know: it is newer than this binary"
        case let .failed(version, name, message):
            return "migration \(version) (\(name)) failed and was rolled back: \(message)"
        }
    }
}
