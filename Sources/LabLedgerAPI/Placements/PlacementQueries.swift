import Foundation
import LabLedgerDomain
import PostgresNIO

/// Rows of the `placements` read model, each read as `to_jsonb(row)` so the columns arrive by
/// name. The person's name and contacts come from `placement_people` only.
struct PlacementRow: Decodable, Sendable {
    var placementId: String
    var kind: String
    var labId: String
    var agreementId: String
    var personId: String
    var degreeGrantorId: String?
    var sponsorId: String?
    var employerId: String?
    var periodFrom: String
    var periodTo: String?
    var startedOn: String
    var status: String
    var degree: String?
    var degreeConferredOn: String?
    var endedOn: String?
    var endReason: String?
    var stipendCommitmentId: String?
    var stipendCurrency: String?
    var stipendMonthly: Int64?
    var stipendsPaid: Int64?
    var stipendPaymentCount: Int?
    var lastStipendPaidOn: String?
    var streamVersion: Int
    var people: PlacementPersonRow?
}

struct PlacementPersonRow: Decodable, Sendable {
    var orcid: String?
    var name: String
    var email: String?
    var phone: String?
}

struct PlacementInternshipRow: Decodable, Sendable {
    var number: Int
    var hostId: String
    var agreementId: String
    var periodFrom: String
    var periodTo: String?
    var endedOn: String?
}

struct PlacementStipendRow: Decodable, Sendable {
    var reference: String
    var commitmentId: String
    var currency: String
    var amount: Int64
    var periodFrom: String
    var periodTo: String?
    var paidOn: String
}

extension ReadModelQueries {
    /// A lab's placements after `after` (by placement id), those `party` is involved in when
    /// it is set: as sponsor, degree grantor, employer or host of an internship.
    func placements(lab: String, party: PartyID?, after: String?, limit: Int) async throws -> [PlacementRow] {
        let party = party?.rawValue
        return try await rowsAsJSON(
            """
            SELECT (to_jsonb(p) || jsonb_build_object('people', to_jsonb(pp)))::text
            FROM placements p
            LEFT JOIN placement_people pp ON pp.stream_id = p.stream_id AND pp.person_id = p.person_id
            WHERE p.lab_id = \(lab)
              AND (\(after)::text IS NULL OR p.placement_id > \(after)::text)
              AND (\(party)::text IS NULL OR \(party)::text IN (p.sponsor_id, p.degree_grantor_id, p.employer_id)
                   OR EXISTS (SELECT 1 FROM placement_internships i
                              WHERE i.placement_id = p.placement_id AND i.host_id = \(party)::text))
            ORDER BY p.placement_id
            LIMIT \(limit)
            """, as: PlacementRow.self)
    }

    func placement(_ id: String) async throws -> PlacementRow? {
        try await rowsAsJSON(
            """
            SELECT (to_jsonb(p) || jsonb_build_object('people', to_jsonb(pp)))::text
            FROM placements p
            LEFT JOIN placement_people pp ON pp.stream_id = p.stream_id AND pp.person_id = p.person_id
            WHERE p.placement_id = \(id)
            """, as: PlacementRow.self
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

    /// Runs a query whose one column is a row as JSON text, and decodes each.
    func rowsAsJSON<Row: Decodable>(_ query: PostgresQuery, as: Row.Type) async throws -> [Row] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var rows: [Row] = []
        for try await text in try await client.query(query, logger: logger).decode(String.self) {
            rows.append(try decoder.decode(Row.self, from: Data(text.utf8)))
        }
        return rows
    }
}
