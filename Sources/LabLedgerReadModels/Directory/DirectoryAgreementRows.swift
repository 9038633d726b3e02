import LabLedgerDomain

public struct DirectoryAgreementRow: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable { case drafted, executed, amended, terminated, expired }

    /// One element of the `amendments` jsonb column.
    public struct Amendment: Codable, Equatable, Sendable {
        public let number: Int
        public let summary: String
        public let effective_from: LocalDate
        /// Which parts it changed: `cost_shares`, `term`, `ip_terms`.
        public let changes: [String]
    }

    public let stream_id: String
    public let agreement_id: String
    public let lab_id: String
    public let kind: String
    public let title: String
    public let status: Status
    public let term_from: LocalDate
    /// The first day after the term; nil while open-ended.
    public let term_to: LocalDate?
    public let drafted_on: LocalDate
    public let executed_on: LocalDate?
    public let terminated_on: LocalDate?
    public let termination_reason: String?
    public let expired_on: LocalDate?
    public let ip_ownership: String
    public let sponsor_option_days: Int
    public let publication_review_days: Int
    public let party_count: Int
    public let signature_count: Int
    public let amendment_count: Int
    public let amendments: [Amendment]
    /// Nil when the draft stated no people terms.
    public let people_terms: PeopleTermsColumn?
    /// True when drafted to set up its lab before the lab was founded; nil otherwise (migration 0041).
    public let sets_up_lab: Bool?
    public let stream_version: Int
    public let updated_position: Int64
}

/// The `people_terms` jsonb column.
public struct PeopleTermsColumn: Codable, Equatable, Sendable {
    public let phd_funders: [String]
    public let degree_grantors: [String]
    public let internship_hosts: [String]
    public let recruits_postdocs: Bool
    public let postdoc_recruitment_scope: String?

    init(_ terms: PeopleTerms) {
        phd_funders = terms.phdFunders.map(\.rawValue)
        degree_grantors = terms.degreeGrantors.map(\.rawValue)
        internship_hosts = terms.internshipHosts.map(\.rawValue)
        recruits_postdocs = terms.recruitsPostdocs
        postdoc_recruitment_scope = terms.postdocRecruitmentScope
    }
}

/// A party to an agreement with its role, cost share and signature (the signatory by
/// pseudonymous id and capacity only; the name is in the people table).
public struct DirectoryAgreementPartyRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let agreement_id: String
    public let lab_id: String
    public let party_id: String
    public let role: String
    /// Order in the draft, from 1.
    public let position: Int
    /// Nil when the party bears no listed share of the costs.
    public let cost_share_basis_points: Int?
    public let signed_on: LocalDate?
    public let signatory_id: String?
    public let signatory_title: String?
}
