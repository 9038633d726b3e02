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
    /// `ids`, each with its parties: two queries for any number of them.
    func agreements(_ ids: [String], visibleTo party: String?) async throws -> [Components.Schemas.Agreement] {
        let rows = try await client.query(
            """
            SELECT a.agreement_id, a.lab_id, a.kind, a.title, a.status, a.term_from::text AS term_from, a.term_to::text AS term_to,
                   a.drafted_on::text AS drafted_on, a.executed_on::text AS executed_on, a.terminated_on::text AS terminated_on,
                   a.termination_reason, a.expired_on::text AS expired_on, a.ip_ownership, a.sponsor_option_days,
                   a.publication_review_days, a.amendments::text AS amendments, a.people_terms::text AS people_terms, coalesce(a.sets_up_lab, false) AS sets_up_lab, a.stream_version
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
        guard !found.isEmpty else { return [] }
        let parties = try await agreementParties(Array(found.keys))
        return ids.compactMap { id in
            guard var agreement = found[id] else { return nil }
            agreement.parties = parties[id] ?? []
            return agreement
        }
    }

    /// The parties of each agreement of `agreements`, in the order of its draft.
    private func agreementParties(_ agreements: [String]) async throws -> [String: [Components.Schemas.AgreementPartyStatus]] {
        // By stream, the table's key (agreement_id alone has no index).
        let streams = try agreements.map { StreamName.agreement(try AgreementID(parsing: $0)).rawValue }
        let rows = try await client.query(
            """
            SELECT agreement_id, party_id, role, cost_share_basis_points, signed_on::text, signatory_id, signatory_title
            FROM directory_agreement_parties
            WHERE stream_id = ANY(\(streams))
            ORDER BY agreement_id, position
            """, logger: logger)
        var parties: [String: [Components.Schemas.AgreementPartyStatus]] = [:]
        for try await (agreement, party, role, share, signedOn, signatory, title) in rows.decode((String, String, String, Int?, String?, String?, String?).self) {
            parties[agreement, default: []].append(.init(
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
