import Foundation
import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// A `directory_labs` row with its `directory_lab_members` rows (every spell, in admission
/// order) and its value in a list's sort column, as one query returns them.
struct LabWithMembers: Decodable, Sendable {
    var lab: DirectoryLabRow
    var members: [DirectoryLabMemberRow]
    var sortValue: String?
}

/// Labs and their members from the `directory` read model. One query answers both the single
/// read and the list, so a listed lab is exactly what `GET /v1/labs/{labId}` answers. A
/// party-bound caller sees the labs its party is a current member of.
extension ReadModelQueries {
    func lab(_ lab: LabID, visibleTo party: String?) async throws -> Components.Schemas.LabView? {
        try await labs(only: lab.rawValue, visibleTo: party, order: .standard, after: nil, limit: 1).first?.lab
    }

    /// Up to `limit` labs after `after` in `order` (or the lab `only`), each with its members
    /// and its value in the order's column (for the next page's cursor): one query whatever
    /// the size of the history.
    func labs(
        only: String? = nil, visibleTo party: String?, order: ListOrder<LabSort>, after: ListCursor<LabSort>?, limit: Int
    ) async throws -> [(lab: Components.Schemas.LabView, sortValue: String?)] {
        let rows = try await rowsAsJSON(
            """
            SELECT jsonb_build_object(
                'lab', to_jsonb(l),
                'members', (SELECT coalesce(jsonb_agg(to_jsonb(m) ORDER BY m.seq), '[]'::jsonb)
                            FROM directory_lab_members m WHERE m.stream_id = l.stream_id),
                'sortValue', \(sortValue: order))::text
            FROM directory_labs l
            WHERE (\(only)::text IS NULL OR l.lab_id = \(only)::text)
              AND \(after: after, id: "l.lab_id")
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_lab_members m WHERE m.lab_id = l.lab_id AND m.party_id = \(party) AND m.current))
            ORDER BY \(orderBy: order, id: "l.lab_id")
            LIMIT \(limit)
            """, as: LabWithMembers.self)
        return try rows.map { (try Components.Schemas.LabView($0), $0.sortValue) }
    }
}

extension Components.Schemas.LabView {
    init(_ row: LabWithMembers) throws {
        let lab = row.lab
        // The migration's check keeps the three profile columns all set or all NULL.
        var profile: Components.Schemas.LabProfile?
        if let nonProfit = lab.non_profit, let independent = lab.financially_independent, let sharers = lab.operating_cost_sharers {
            profile = .init(nonProfit: nonProfit, financiallyIndependent: independent, operatingCostSharers: sharers)
        }
        self.init(
            lab: lab.lab_id, name: lab.name, foundedOn: lab.founded_on.rawValue, status: try ReadModelQueries.enumValue(lab.status.rawValue),
            dissolvedOn: lab.dissolved_on?.rawValue, researchAreas: lab.research_areas, advisoryBoardSize: lab.advisory_board_size,
            version: lab.stream_version,
            members: try row.members.map {
                .init(
                    party: $0.party_id, role: try ReadModelQueries.enumValue($0.role), founder: $0.founder,
                    admittedOn: $0.admitted_on.rawValue, departedOn: $0.departed_on?.rawValue)
            },
            profile: profile)
    }
}
