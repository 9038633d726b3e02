import Foundation
import Logging
import PostgresNIO

/// Who is reading, for the access log: set by the API for each authenticated request. Reads
/// with no reader set (projection workers, commands deciding, the operator's own tools) are
/// not authorised reads of a person's details by someone, and are not logged.
public struct PersonalDataReader: Sendable, Equatable {
    public var actor: String
    public var operation: String

    public init(actor: String, operation: String) {
        self.actor = actor
        self.operation = operation
    }

    @TaskLocal public static var current: PersonalDataReader?
}

/// The append-only `person_access_log` (schema/migrations/0025_person_access_log.sql).
public struct PersonalDataAccessLog: Sendable {
    public struct Entry: Sendable, Equatable {
        public var id: Int64
        public var person: String
        public var actor: String
        public var operation: String
        public var accessedAt: Date
    }

    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Records that the current reader was shown these people's details; nothing without a reader.
    public func record(_ people: Set<String>, on connection: PostgresConnection) async throws {
        guard let reader = PersonalDataReader.current, !people.isEmpty else { return }
        let sorted = people.sorted()
        try await connection.query("""
            INSERT INTO person_access_log (person_id, actor, operation)
            SELECT p, \(reader.actor), \(reader.operation) FROM unnest(\(sorted)::text[]) AS p
            """, logger: logger)
    }

    /// The recorded reads of `person`'s details after entry `after`, oldest first, at most `limit`.
    public func entries(of person: String, after: Int64 = 0, limit: Int = 1_000, on connection: PostgresConnection) async throws -> [Entry] {
        let rows = try await connection.query("""
            SELECT id, person_id, actor, operation, floor(extract(epoch FROM accessed_at) * 1000000)::bigint
            FROM person_access_log WHERE person_id = \(person) AND id > \(after) ORDER BY id LIMIT \(Int32(clamping: limit))
            """, logger: logger)
        var entries: [Entry] = []
        for try await (id, person, actor, operation, micros) in rows.decode((Int64, String, String, String, Int64).self) {
            entries.append(Entry(
                id: id, person: person, actor: actor, operation: operation, accessedAt: Date(timeIntervalSince1970: Double(micros) / 1_000_000)))
        }
        return entries
    }
}
