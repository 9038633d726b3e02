import EventStore
import Foundation

extension TestDatabase {
    /// A plain-SQL `pg_dump` of the whole database, as a backup taken now would hold it.
    public func dump() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PostgresBinaries.locate().path("pg_dump"))
        process.arguments = ["--no-owner", "--dbname", provisioned.superuser.url(includingPassword: true)]
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
