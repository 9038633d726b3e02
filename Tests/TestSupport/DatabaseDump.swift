import EventStore
import Foundation

extension TestDatabase {
    /// A plain-SQL `pg_dump` of the whole database, as a backup taken now would hold it.
    public func dump() async throws -> String {
        let url = provisioned.superuser.url(includingPassword: true)
        return try await offThePool { try Self.dump(url) }
    }

    private static func dump(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PostgresBinaries.locate().path("pg_dump"))
        process.arguments = ["--no-owner", "--dbname", url]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Read to the end before waiting: a dump larger than the pipe's buffer would block.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DumpFailed(status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }

    public struct DumpFailed: Error, CustomStringConvertible {
        public var status: Int32
        public var description: String { "pg_dump exited \(status)" }
    }
}
