import Foundation
import LabLedgerDomain
import Logging
import PostgresNIO

/// Personal data written before sealing existed: `person` parts stored in plaintext. Events are
/// never rewritten, so these bytes stay in the events table; an erased person's plaintext reads
/// as erased (the vault masks it), and this is how an operator finds who is affected
/// (docs/domain.md, "History written before sealing").
public struct PlaintextHistory: Sendable {
    public struct Person: Sendable, Equatable {
        public var person: String
        /// Events holding this person's details in plaintext.
        public var events: Int
        /// Set once the person was forgotten: their plaintext is masked on every read.
        public var erasedOn: String?

        public init(person: String, events: Int, erasedOn: String?) {
            self.person = person
            self.events = events
            self.erasedOn = erasedOn
        }
    }

    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// How many events hold `person`'s details in plaintext.
    public func events(of person: String, on connection: PostgresConnection) async throws -> Int {
        let (types, fields) = Self.personFields()
        let rows = try await connection.query("""
            SELECT count(*)::bigint FROM events
            WHERE event_type = ANY(\(types)::text[]) AND data ->> (\(fields)::jsonb ->> event_type) = \(person)
              AND jsonb_typeof(data -> 'person') = 'object' AND NOT (data -> 'person') ? 'sealed'
            """, logger: logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }

    /// Everyone whose details some event holds in plaintext, by person id.
    public func people(on connection: PostgresConnection) async throws -> [Person] {
        let (types, fields) = Self.personFields()
        let rows = try await connection.query("""
            SELECT p.person, p.events, k.erased_on::text
            FROM (SELECT data ->> (\(fields)::jsonb ->> event_type) AS person, count(*)::bigint AS events FROM events
                  WHERE event_type = ANY(\(types)::text[])
                    AND jsonb_typeof(data -> 'person') = 'object' AND NOT (data -> 'person') ? 'sealed'
                  GROUP BY 1) p
            LEFT JOIN person_keys k ON k.person_id = p.person
            ORDER BY p.person
            """, logger: logger)
        var found: [Person] = []
        for try await (person, events, erasedOn) in rows.decode((String, Int64, String?).self) {
            found.append(Person(person: person, events: Int(events), erasedOn: erasedOn))
        }
        return found
    }

    /// The person-bearing event types and, as a JSON object, each one's person id field.
    private static func personFields() -> (types: [String], fields: String) {
        let map = PersonalDataEvents.personField
        let fields = String(decoding: (try? JSONSerialization.data(withJSONObject: map, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
        return (map.keys.sorted(), fields)
    }
}
