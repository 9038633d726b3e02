import Foundation
import LabLedgerContract
import PostgresNIO

/// Pages of labs from the `directory` read model. Visibility is the single-lab read's
/// (`lab(_:visibleTo:)`): a party-bound caller sees the labs it is a current member of.
extension ReadModelQueries {
    /// Up to `limit` labs after `after` by id, each with its members: two queries per page
    /// whatever the size of the history.
    func labs(visibleTo party: String?, after: String?, limit: Int) async throws -> [Components.Schemas.LabView] {
        let rows = try await client.query(
            """
            SELECT l.lab_id, l.name, l.founded_on::text, l.status, l.dissolved_on::text, l.research_areas,
                   l.advisory_board_size, l.stream_version
            FROM directory_labs l
            WHERE (\(after)::text IS NULL OR l.lab_id > \(after)::text)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_lab_members m WHERE m.lab_id = l.lab_id AND m.party_id = \(party) AND m.current))
            ORDER BY l.lab_id
            LIMIT \(limit)
            """, logger: logger)
        var labs: [Components.Schemas.LabView] = []
        for try await (labID, name, founded, status, dissolved, areas, board, version) in rows.decode(
            (String, String, String, String, String?, [String], Int, Int).self)
        {
            labs.append(.init(
                lab: labID, name: name, foundedOn: founded, status: try Self.enumValue(status), dissolvedOn: dissolved,
                researchAreas: areas, advisoryBoardSize: board, version: version, members: []))
        }
        guard !labs.isEmpty else { return [] }
        let ids = labs.map(\.lab)
        let members = try await client.query(
            """
            SELECT lab_id, party_id, role, founder, admitted_on::text, departed_on::text
            FROM directory_lab_members WHERE lab_id = ANY(\(ids)) ORDER BY lab_id, seq
            """, logger: logger)
        var byLab: [String: [Components.Schemas.LabMemberView]] = [:]
        for try await (lab, member, role, founder, admitted, departed) in members.decode((String, String, String, Bool, String, String?).self) {
            byLab[lab, default: []].append(.init(party: member, role: try Self.enumValue(role), founder: founder, admittedOn: admitted, departedOn: departed))
        }
        return labs.map { lab in
            var lab = lab
            lab.members = byLab[lab.lab] ?? []
            return lab
        }
    }
}
