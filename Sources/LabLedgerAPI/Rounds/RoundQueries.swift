import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// A mentor row of the `rounds` read model with the mentor's row (`round_people`, the only
/// place their name and contacts are), as one query returns them.
struct RoundMentorWithPerson: Decodable, Sendable {
    var mentor: RoundMentorRow
    var person: RoundPersonRow?
}

extension ReadModelQueries {
    /// A lab's rounds after (`number`, `round`); when `party` is set, only if it is a current
    /// member of the lab, or the rounds it applied to.
    func rounds(lab: String, party: PartyID?, after: (number: Int, round: String)?, limit: Int) async throws -> [RoundRow] {
        let party = party?.rawValue
        let number = after?.number
        let round = after?.round
        return try await rowsAsJSON(
            """
            SELECT to_jsonb(r)::text FROM rounds r
            WHERE r.lab_id = \(lab)
              AND (\(number)::int IS NULL OR (r.number, r.round_id) > (\(number)::int, \(round)::text))
              AND (\(party)::text IS NULL
                   OR EXISTS (
                    SELECT 1 FROM directory_lab_members m
                    WHERE m.lab_id = r.lab_id AND m.party_id = \(party)::text AND m.current)
                   OR EXISTS (
                    SELECT 1 FROM round_startups s WHERE s.round_id = r.round_id AND s.startup_id = \(party)::text))
            ORDER BY r.number, r.round_id
            LIMIT \(limit)
            """, as: RoundRow.self)
    }

    func round(_ id: String) async throws -> RoundRow? {
        try await rowsAsJSON("SELECT to_jsonb(r)::text FROM rounds r WHERE r.round_id = \(id)", as: RoundRow.self).first
    }

    func isCurrentMember(_ party: PartyID, lab: String) async throws -> Bool {
        let rows = try await client.query(
            """
            SELECT count(*)::int FROM directory_lab_members
            WHERE lab_id = \(lab) AND party_id = \(party.rawValue) AND current
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count > 0 }
        return false
    }

    func roundStartups(_ id: String) async throws -> [RoundStartupRow] {
        try await rowsAsJSON(
            "SELECT to_jsonb(s)::text FROM round_startups s WHERE s.round_id = \(id) ORDER BY s.applied_on, s.startup_id",
            as: RoundStartupRow.self)
    }

    func roundBenefits(_ id: String) async throws -> [RoundBenefitRow] {
        try await rowsAsJSON(
            "SELECT to_jsonb(b)::text FROM round_benefits b WHERE b.round_id = \(id) ORDER BY b.granted_on, b.reference",
            as: RoundBenefitRow.self)
    }

    func roundMentors(_ id: String) async throws -> [RoundMentorWithPerson] {
        try await rowsAsJSON(
            """
            SELECT jsonb_build_object('mentor', to_jsonb(m), 'person', to_jsonb(p))::text
            FROM round_mentors m
            LEFT JOIN round_people p ON p.stream_id = m.stream_id AND p.person_id = m.mentor_id
            WHERE m.round_id = \(id)
            ORDER BY m.assigned_on, m.startup_id, m.mentor_id
            """, as: RoundMentorWithPerson.self)
    }
}
