import Foundation
import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels
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
        let rows = try await rowsAsJSON(
            """
            SELECT to_jsonb(d)::text
            FROM deadlines d
            WHERE d.open
              AND (\(party)::text IS NULL OR d.party_ids @> ARRAY[\(party)::text])
              AND (\(lab)::text IS NULL OR d.lab_id = \(lab))
              AND (\(from)::date IS NULL OR d.due_on >= \(from)::date)
              AND (\(afterDue)::date IS NULL
                   OR (d.due_on, d.stream_id, d.deadline_key) > (\(afterDue)::date, \(afterStream)::text, \(afterKey)::text))
            ORDER BY d.due_on, d.stream_id, d.deadline_key
            LIMIT \(limit + 1)
            """, as: DeadlineRow.self)
        var items = try rows.map { row in
            Components.Schemas.DeadlineView(
                stream: row.stream_id, key: row.deadline_key, kind: try Self.enumValue(row.kind.rawValue), subject: row.subject,
                lab: row.lab_id, parties: row.party_ids, dueOn: row.due_on.rawValue, description: row.description)
        }
        guard items.count > limit else { return (items, nil) }
        items.removeLast()
        let last = items[items.count - 1]
        return (items, Cursor([last.dueOn, last.stream, last.key]))
    }
}
