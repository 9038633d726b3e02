import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// Labs and their members from the `directory` read model. One query answers both the single
/// read and the list, so a listed lab is exactly what `GET /v1/labs/{labId}` answers. A
/// party-bound caller sees the labs its party is a current member of.
extension ReadModelQueries {
    func lab(_ lab: LabID, visibleTo party: String?) async throws -> Components.Schemas.LabView? {
        try await labs(only: lab.rawValue, visibleTo: party, order: .standard, after: nil, limit: 1).first?.lab
    }

    /// Up to `limit` labs after `after` in `order` (or the lab `only`), each with its members
    /// and its value in the order's column (for the next page's cursor): two queries whatever
    /// the size of the history.
    func labs(
        only: String? = nil, visibleTo party: String?, order: ListOrder<LabSort>, after: ListCursor<LabSort>?, limit: Int
    ) async throws -> [(lab: Components.Schemas.LabView, sortValue: String?)] {
        let rows = try await client.query(
            """
            SELECT l.lab_id, l.name, l.founded_on::text, l.status, l.dissolved_on::text, l.research_areas,
                   l.advisory_board_size, l.stream_version, l.non_profit, l.financially_independent, l.operating_cost_sharers,
                   \(sortValue: order)
            FROM directory_labs l
            WHERE (\(only)::text IS NULL OR l.lab_id = \(only)::text)
              AND \(after: after, id: "l.lab_id")
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_lab_members m WHERE m.lab_id = l.lab_id AND m.party_id = \(party) AND m.current))
            ORDER BY \(orderBy: order, id: "l.lab_id")
            LIMIT \(limit)
            """, logger: logger)
        var labs: [Components.Schemas.LabView] = []
        var sortValues: [String?] = []
        for try await (labID, name, founded, status, dissolved, areas, board, version, nonProfit, independent, sharers, sortValue) in rows.decode(
            (String, String, String, String, String?, [String], Int, Int, Bool?, Bool?, [String]?, String?).self)
        {
            sortValues.append(sortValue)
            // The migration's check keeps the three profile columns all set or all NULL.
            var profile: Components.Schemas.LabProfile?
            if let nonProfit, let independent, let sharers {
                profile = .init(nonProfit: nonProfit, financiallyIndependent: independent, operatingCostSharers: sharers)
            }
            labs.append(.init(
                lab: labID, name: name, foundedOn: founded, status: try Self.enumValue(status), dissolvedOn: dissolved,
                researchAreas: areas, advisoryBoardSize: board, version: version, members: [], profile: profile))
        }
        guard !labs.isEmpty else { return [] }
        let members = try await client.query(
            """
            SELECT lab_id, party_id, role, founder, admitted_on::text, departed_on::text
            FROM directory_lab_members WHERE lab_id = ANY(\(labs.map(\.lab))) ORDER BY lab_id, seq
            """, logger: logger)
        var byLab: [String: [Components.Schemas.LabMemberView]] = [:]
        for try await (lab, member, role, founder, admitted, departed) in members.decode((String, String, String, Bool, String, String?).self) {
            byLab[lab, default: []].append(.init(party: member, role: try Self.enumValue(role), founder: founder, admittedOn: admitted, departedOn: departed))
        }
        return zip(labs, sortValues).map { lab, sortValue in
            var lab = lab
            lab.members = byLab[lab.lab] ?? []
            return (lab, sortValue)
        }
    }
}
