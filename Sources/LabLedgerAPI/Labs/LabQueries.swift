import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// A lab and its members from the `directory` read model.
extension ReadModelQueries {
    func lab(_ lab: LabID, visibleTo party: String?) async throws -> Components.Schemas.LabView? {
        let id = lab.rawValue
        let rows = try await client.query(
            """
            SELECT l.lab_id, l.name, l.founded_on::text, l.status, l.dissolved_on::text, l.research_areas,
                   l.advisory_board_size, l.stream_version, l.non_profit, l.financially_independent, l.operating_cost_sharers
            FROM directory_labs l
            WHERE l.lab_id = \(id)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_lab_members m WHERE m.lab_id = l.lab_id AND m.party_id = \(party) AND m.current))
            """, logger: logger)
        var found: Components.Schemas.LabView?
        for try await (labID, name, founded, status, dissolved, areas, board, version, nonProfit, independent, sharers) in rows.decode(
            (String, String, String, String, String?, [String], Int, Int, Bool?, Bool?, [String]?).self)
        {
            // The migration's check keeps the three profile columns all set or all NULL.
            var profile: Components.Schemas.LabProfile?
            if let nonProfit, let independent, let sharers {
                profile = .init(nonProfit: nonProfit, financiallyIndependent: independent, operatingCostSharers: sharers)
            }
            found = .init(
                lab: labID, name: name, foundedOn: founded, status: try Self.enumValue(status), dissolvedOn: dissolved,
                researchAreas: areas, advisoryBoardSize: board, version: version, members: [], profile: profile)
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
}
