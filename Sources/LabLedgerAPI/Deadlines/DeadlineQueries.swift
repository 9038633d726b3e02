import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// Open deadlines from the `deadlines` read model.
extension ReadModelQueries {
    /// Open deadlines in due order after `cursor` (due date, stream, key).
    func deadlines(
        party: String?, lab: String?, from: String?, after cursor: Cursor?, limit: Int
    ) async throws -> (items: [Components.Schemas.DeadlineView], next: Cursor?) {
        let afterDue = cursor?.keys[0]
        let afterStream = cursor?.keys[1]
        let afterKey = cursor?.keys[2]
        // `deadlines.due_on`: the bare name would sort the `due_on::text` output column.
        let rows = try await client.query(
            """
            SELECT stream_id, deadline_key, kind, subject, lab_id, party_ids, due_on::text, description
            FROM deadlines
            WHERE open
              AND (\(party)::text IS NULL OR party_ids @> ARRAY[\(party)::text])
              AND (\(lab)::text IS NULL OR lab_id = \(lab))
              AND (\(from)::date IS NULL OR due_on >= \(from)::date)
              AND (\(afterDue)::date IS NULL OR (due_on, stream_id, deadline_key) > (\(afterDue)::date, \(afterStream)::text, \(afterKey)::text))
            ORDER BY deadlines.due_on, stream_id, deadline_key
            LIMIT \(limit + 1)
            """, logger: logger)
        var items: [Components.Schemas.DeadlineView] = []
        for try await (stream, key, kind, subject, labID, parties, due, description) in rows.decode(
            (String, String, String, String, String?, [String], String, String).self)
        {
            items.append(.init(
                stream: stream, key: key, kind: try Self.enumValue(kind), subject: subject, lab: labID, parties: parties,
                dueOn: due, description: description))
        }
        guard items.count > limit else { return (items, nil) }
        items.removeLast()
        let last = items[items.count - 1]
        return (items, Cursor([last.dueOn, last.stream, last.key]))
    }
}
