import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// Agreements from the `directory` read model: `directory_agreements` and its parties.
extension ReadModelQueries {
    static let agreementProjections = ["directory"]

    /// One agreement; nil when it does not exist or `party` (when given) is not a party to it.
    func agreement(_ agreement: AgreementID, visibleTo party: String?) async throws -> Components.Schemas.Agreement? {
        try await agreements([agreement.rawValue], visibleTo: party).first
    }

    /// The agreements of `ids` that exist and `party` (when given) is a party to, in the order of
    /// `ids`, each with its parties: one query for any number of them.
    func agreements(_ ids: [String], visibleTo party: String?) async throws -> [Components.Schemas.Agreement] {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.agreementColumns)
            FROM directory_agreements a
            WHERE a.agreement_id = ANY(\(ids))
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_agreement_parties p WHERE p.agreement_id = a.agreement_id AND p.party_id = \(party)))
            """, logger: logger)
        var found: [String: Components.Schemas.Agreement] = [:]
        for try await row in rows {
            let agreement = try Self.agreement(row.makeRandomAccess())
            found[agreement.agreement] = agreement
        }
        return ids.compactMap { found[$0] }
    }

    /// The columns `agreement(_:)` reads from `directory_agreements a`: the agreement's own, and
    /// its parties in the order of its draft as one JSON array (a subquery on the parties'
    /// primary key), so a page of agreements is one statement however many it holds.
    static let agreementColumns = """
        a.agreement_id, a.lab_id, a.kind, a.title, a.status, a.term_from::text AS term_from, a.term_to::text AS term_to,
        a.drafted_on::text AS drafted_on, a.executed_on::text AS executed_on, a.terminated_on::text AS terminated_on,
        a.termination_reason, a.expired_on::text AS expired_on, a.ip_ownership, a.sponsor_option_days,
        a.publication_review_days, a.amendments::text AS amendments, a.people_terms::text AS people_terms,
        coalesce(a.sets_up_lab, false) AS sets_up_lab, a.stream_version,
        coalesce((
            SELECT json_agg(json_build_object(
                       'party_id', p.party_id, 'role', p.role, 'cost_share_basis_points', p.cost_share_basis_points,
                       'signed_on', p.signed_on::text, 'signatory_id', p.signatory_id, 'signatory_title', p.signatory_title)
                   ORDER BY p.position)
            FROM directory_agreement_parties p WHERE p.stream_id = a.stream_id), '[]')::text AS parties
        """

    static func agreement(_ row: PostgresRandomAccessRow) throws -> Components.Schemas.Agreement {
        let parties = try JSONDecoder().decode([PartyColumn].self, from: Data(row["parties"].decode(String.self).utf8))
        let amendments = try JSONDecoder().decode([AmendmentColumn].self, from: Data(row["amendments"].decode(String.self).utf8))
        let peopleTerms = try row["people_terms"].decode(String?.self).map {
            try JSONDecoder().decode(PeopleTermsColumn.self, from: Data($0.utf8))
        }
        return Components.Schemas.Agreement(
            agreement: try row["agreement_id"].decode(String.self),
            lab: try row["lab_id"].decode(String.self),
            kind: try enumValue(row["kind"].decode(String.self)),
            title: try row["title"].decode(String.self),
            status: try enumValue(row["status"].decode(String.self)),
            term: .init(from: try row["term_from"].decode(String.self), to: try row["term_to"].decode(String?.self)),
            draftedOn: try row["drafted_on"].decode(String.self),
            executedOn: try row["executed_on"].decode(String?.self),
            terminatedOn: try row["terminated_on"].decode(String?.self),
            terminationReason: try row["termination_reason"].decode(String?.self),
            expiredOn: try row["expired_on"].decode(String?.self),
            ipTerms: .init(
                ownership: try enumValue(row["ip_ownership"].decode(String.self)),
                sponsorOptionDays: try row["sponsor_option_days"].decode(Int.self),
                publicationReviewDays: try row["publication_review_days"].decode(Int.self)),
            peopleTerms: peopleTerms.map {
                .init(
                    phdFunders: $0.phd_funders, degreeGrantors: $0.degree_grantors, internshipsOffered: !$0.internship_hosts.isEmpty,
                    internshipHosts: $0.internship_hosts, recruitsPostdocs: $0.recruits_postdocs,
                    postdocRecruitmentScope: $0.postdoc_recruitment_scope)
            },
            setsUpLab: try row["sets_up_lab"].decode(Bool.self),
            parties: try parties.map {
                .init(
                    party: $0.party_id, role: try enumValue($0.role), costShareBasisPoints: $0.cost_share_basis_points,
                    signedOn: $0.signed_on, signatory: $0.signatory_id, signatoryTitle: $0.signatory_title)
            },
            amendments: try amendments.map {
                .init(number: $0.number, summary: $0.summary, effectiveFrom: $0.effective_from, changes: try $0.changes.map(enumValue))
            },
            version: try row["stream_version"].decode(Int.self))
    }

    /// An element of the `parties` column of `agreementColumns`: a `directory_agreement_parties` row.
    private struct PartyColumn: Decodable {
        let party_id: String
        let role: String
        let cost_share_basis_points: Int?
        let signed_on: String?
        let signatory_id: String?
        let signatory_title: String?
    }

    /// `directory_agreements.people_terms`.
    private struct PeopleTermsColumn: Decodable {
        let phd_funders: [String]
        let degree_grantors: [String]
        let internship_hosts: [String]
        let recruits_postdocs: Bool
        let postdoc_recruitment_scope: String?
    }

    /// An element of `directory_agreements.amendments`.
    private struct AmendmentColumn: Decodable {
        let number: Int
        let summary: String
        let effective_from: String
        let changes: [String]
    }

    /// A column the read model constrains to the values the contract lists; anything else means
    /// the model and the contract disagree, which is a server fault, not the caller's.
    static func enumValue<T: RawRepresentable>(_ text: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else { throw ReadModelMismatch(value: text, type: "\(T.self)") }
        return value
    }
}

private struct ReadModelMismatch: Error, CustomStringConvertible {
    var value: String
    var type: String
    var description: String { "The read model holds '\(value)', which is not a \(type) of the contract." }
}
