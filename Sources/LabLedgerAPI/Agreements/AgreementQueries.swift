import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// Agreements from the `directory` read model: `directory_agreements` and its parties.
extension ReadModelQueries {
    static let agreementProjections = ["directory"]

    /// One agreement; nil when it does not exist or `party` (when given) is not a party to it.
    func agreement(_ agreement: AgreementID, visibleTo party: String?) async throws -> Components.Schemas.Agreement? {
        let id = agreement.rawValue
        let rows = try await client.query(
            """
            SELECT a.agreement_id, a.lab_id, a.kind, a.title, a.status, a.term_from::text AS term_from, a.term_to::text AS term_to,
                   a.drafted_on::text AS drafted_on, a.executed_on::text AS executed_on, a.terminated_on::text AS terminated_on,
                   a.termination_reason, a.expired_on::text AS expired_on, a.ip_ownership, a.sponsor_option_days,
                   a.publication_review_days, a.amendments::text AS amendments, a.people_terms::text AS people_terms, a.sets_up_lab, a.stream_version
            FROM directory_agreements a
            WHERE a.agreement_id = \(id)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_agreement_parties p WHERE p.agreement_id = a.agreement_id AND p.party_id = \(party)))
            """, logger: logger)
        var found: Components.Schemas.Agreement?
        for try await row in rows {
            found = try Self.agreement(row.makeRandomAccess())
        }
        guard var result = found else { return nil }
        result.parties = try await agreementParties(id)
        return result
    }

    private func agreementParties(_ agreement: String) async throws -> [Components.Schemas.AgreementPartyStatus] {
        let rows = try await client.query(
            """
            SELECT party_id, role, cost_share_basis_points, signed_on::text, signatory_id, signatory_title
            FROM directory_agreement_parties
            WHERE agreement_id = \(agreement)
            ORDER BY position
            """, logger: logger)
        var parties: [Components.Schemas.AgreementPartyStatus] = []
        for try await (party, role, share, signedOn, signatory, title) in rows.decode((String, String, Int?, String?, String?, String?).self) {
            parties.append(.init(
                party: party, role: try Self.enumValue(role), costShareBasisPoints: share, signedOn: signedOn,
                signatory: signatory, signatoryTitle: title))
        }
        return parties
    }

    private static func agreement(_ row: PostgresRandomAccessRow) throws -> Components.Schemas.Agreement {
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
            parties: [],
            amendments: try amendments.map {
                .init(number: $0.number, summary: $0.summary, effectiveFrom: $0.effective_from, changes: try $0.changes.map(enumValue))
            },
            version: try row["stream_version"].decode(Int.self))
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
