import Foundation
import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels
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
        let rows = try await rowsAsJSON(
            """
            SELECT \(unescaped: Self.agreementWithParties)
            FROM directory_agreements a
            WHERE a.agreement_id = ANY(\(ids))
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_agreement_parties p WHERE p.agreement_id = a.agreement_id AND p.party_id = \(party)))
            """, as: AgreementWithParties.self)
        var found: [String: Components.Schemas.Agreement] = [:]
        for row in rows { found[row.agreement.agreement_id] = try Components.Schemas.Agreement(row) }
        return ids.compactMap { found[$0] }
    }

    /// The one column agreement queries select from `directory_agreements a`: the row and its
    /// parties in the order of its draft (a subquery on the parties' primary key), so a page of
    /// agreements is one statement however many it holds.
    static let agreementWithParties = """
        jsonb_build_object(
            'agreement', to_jsonb(a),
            'parties', (SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.position), '[]'::jsonb)
                        FROM directory_agreement_parties p WHERE p.stream_id = a.stream_id))::text
        """
}

/// A `directory_agreements` row with its `directory_agreement_parties` rows in draft order.
struct AgreementWithParties: Decodable, Sendable {
    var agreement: DirectoryAgreementRow
    var parties: [DirectoryAgreementPartyRow]
}

extension Components.Schemas.Agreement {
    init(_ row: AgreementWithParties) throws {
        let a = row.agreement
        self.init(
            agreement: a.agreement_id, lab: a.lab_id, kind: try ReadModelQueries.enumValue(a.kind), title: a.title,
            status: try ReadModelQueries.enumValue(a.status.rawValue),
            term: .init(from: a.term_from.rawValue, to: a.term_to?.rawValue), draftedOn: a.drafted_on.rawValue,
            executedOn: a.executed_on?.rawValue, terminatedOn: a.terminated_on?.rawValue, terminationReason: a.termination_reason,
            expiredOn: a.expired_on?.rawValue,
            ipTerms: .init(
                ownership: try ReadModelQueries.enumValue(a.ip_ownership), sponsorOptionDays: a.sponsor_option_days,
                publicationReviewDays: a.publication_review_days),
            peopleTerms: a.people_terms.map {
                .init(
                    phdFunders: $0.phd_funders, degreeGrantors: $0.degree_grantors, internshipsOffered: !$0.internship_hosts.isEmpty,
                    internshipHosts: $0.internship_hosts, recruitsPostdocs: $0.recruits_postdocs,
                    postdocRecruitmentScope: $0.postdoc_recruitment_scope)
            },
            setsUpLab: a.sets_up_lab ?? false,
            parties: try row.parties.map {
                .init(
                    party: $0.party_id, role: try ReadModelQueries.enumValue($0.role), costShareBasisPoints: $0.cost_share_basis_points,
                    signedOn: $0.signed_on?.rawValue, signatory: $0.signatory_id, signatoryTitle: $0.signatory_title)
            },
            amendments: try a.amendments.map {
                .init(
                    number: $0.number, summary: $0.summary, effectiveFrom: $0.effective_from.rawValue,
                    changes: try $0.changes.map(ReadModelQueries.enumValue))
            },
            version: a.stream_version)
    }
}
