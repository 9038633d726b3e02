import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// A placement row of the `placements` read model with its person's row (`placement_people`,
/// the only place their name and contacts are), as one query returns them.
struct PlacementWithPerson: Decodable, Sendable {
    var placement: PlacementRow
    var person: PlacementPersonRow?
}

extension ReadModelQueries {
    /// A lab's placements after `after` (by placement id), those `party` is involved in when
    /// it is set: as sponsor, degree grantor, employer or host of an internship.
    func placements(lab: String, party: PartyID?, after: String?, limit: Int) async throws -> [PlacementWithPerson] {
        let party = party?.rawValue
        return try await rowsAsJSON(
            """
            SELECT jsonb_build_object('placement', to_jsonb(p), 'person', to_jsonb(pp))::text
            FROM placements p
            LEFT JOIN placement_people pp ON pp.stream_id = p.stream_id AND pp.person_id = p.person_id
            WHERE p.lab_id = \(lab)
              AND (\(after)::text IS NULL OR p.placement_id > \(after)::text)
              AND (\(party)::text IS NULL OR \(party)::text IN (p.sponsor_id, p.degree_grantor_id, p.employer_id)
                   OR EXISTS (SELECT 1 FROM placement_internships i
                              WHERE i.placement_id = p.placement_id AND i.host_id = \(party)::text))
            ORDER BY p.placement_id
            LIMIT \(limit)
            """, as: PlacementWithPerson.self)
    }

    func placement(_ id: String) async throws -> PlacementWithPerson? {
        try await rowsAsJSON(
            """
            SELECT jsonb_build_object('placement', to_jsonb(p), 'person', to_jsonb(pp))::text
            FROM placements p
            LEFT JOIN placement_people pp ON pp.stream_id = p.stream_id AND pp.person_id = p.person_id
            WHERE p.placement_id = \(id)
            """, as: PlacementWithPerson.self
        ).first
    }

    func placementInternships(_ id: String) async throws -> [PlacementInternshipRow] {
        try await rowsAsJSON(
            "SELECT to_jsonb(i)::text FROM placement_internships i WHERE i.placement_id = \(id) ORDER BY i.number",
            as: PlacementInternshipRow.self)
    }

    func placementStipends(_ id: String) async throws -> [PlacementStipendRow] {
        try await rowsAsJSON(
            "SELECT to_jsonb(s)::text FROM placement_stipends s WHERE s.placement_id = \(id) ORDER BY s.paid_on, s.reference",
            as: PlacementStipendRow.self)
    }
}
