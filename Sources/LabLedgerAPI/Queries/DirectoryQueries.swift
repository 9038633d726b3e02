import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// Parties and labs from the `directory` read model, deadlines from `deadlines`.
extension ReadModelQueries {
    func party(_ party: PartyID) async throws -> Components.Schemas.PartyView? {
        let rows = try await client.query(
            "SELECT party_id, name, kind, ror, country, stream_version FROM directory_parties WHERE party_id = \(party.rawValue)",
            logger: logger)
        for try await (id, name, kind, ror, country, version) in rows.decode((String, String, String, String?, String, Int).self) {
            return .init(party: id, name: name, kind: try Self.enumValue(kind), ror: ror, country: country, version: version)
        }
        return nil
    }

    /// The lab, with every member spell; nil when it does not exist or `party` (when given) is
    /// not a current member.
    func lab(_ lab: LabID, visibleTo party: String?) async throws -> Components.Schemas.LabView? {
        let id = lab.rawValue
        let rows = try await client.query(
            """
            SELECT l.lab_id, l.name, l.founded_on::text, l.status, l.dissolved_on::text, l.research_areas,
                   l.advisory_board_size, l.stream_version
            FROM directory_labs l
            WHERE l.lab_id = \(id)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_lab_members m WHERE m.lab_id = l.lab_id AND m.party_id = \(party) AND m.current))
            """, logger: logger)
        var found: Components.Schemas.LabView?
        for try await (labID, name, founded, status, dissolved, areas, board, version) in rows.decode(
            (String, String, String, String, String?, [String], Int, Int).self)
        {
            found = .init(
                lab: labID, name: name, foundedOn: founded, status: try Self.enumValue(status), dissolvedOn: dissolved,
                researchAreas: areas, advisoryBoardSize: board, version: version, members: [])
        }
        guard var view = found else { return nil }
        let members = try await client.query(
            """
            SELECT party_id, role, founder, admitted_on::text, departed_on::text
            FROM directory_lab_members WHERE lab_id = \(id) ORDER BY seq
            """, logger: logger)
        for try await (member, role, founder, admitted, departed) in members.decode((String, String, Bool, String, String?).self) {
            view.members.append(.init(party: member, role: try Self.enumValue(role), founder: founder, admittedOn: admitted, departedOn: departed))
        }
        return view
    }

    /// Open deadlines in due order after `cursor` (due date, stream, key).
    func deadlines(
        party: String?, lab: String?, from: String?, after cursor: Cursor?, limit: Int
    ) async throws -> (items: [Components.Schemas.DeadlineView], next: Cursor?) {
        let afterDue = cursor?.keys[0]
        let afterStream = cursor?.keys[1]
        let afterKey = cursor?.keys[2]
        let rows = try await client.query(
            """
            SELECT stream_id, deadline_key, kind, subject, lab_id, party_ids, due_on::text, description
            FROM deadlines
            WHERE open
              AND (\(party)::text IS NULL OR party_ids @> ARRAY[\(party)::text])
              AND (\(lab)::text IS NULL OR lab_id = \(lab))
              AND (\(from)::date IS NULL OR due_on >= \(from)::date)
              AND (\(afterDue)::date IS NULL OR (due_on, stream_id, deadline_key) > (\(afterDue)::date, \(afterStream)::text, \(afterKey)::text))
            ORDER BY due_on, stream_id, deadline_key
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
