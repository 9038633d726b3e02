import LabLedgerDomain

struct DirectoryAgreementRow: Codable, Equatable {
    enum Status: String, Codable { case drafted, executed, amended, terminated, expired }

    /// One element of the `amendments` jsonb column.
    struct Amendment: Codable, Equatable {
        let number: Int
        let summary: String
        let effective_from: LocalDate
        /// Which parts it changed: `cost_shares`, `term`, `ip_terms`.
        let changes: [String]
    }

    let stream_id: String
    let agreement_id: String
    let lab_id: String
    let kind: String
    let title: String
    let status: Status
    let term_from: LocalDate
    /// The first day after the term; nil while open-ended.
    let term_to: LocalDate?
    let drafted_on: LocalDate
    let executed_on: LocalDate?
    let terminated_on: LocalDate?
    let termination_reason: String?
    let expired_on: LocalDate?
    let ip_ownership: String
    let sponsor_option_days: Int
    let publication_review_days: Int
    let party_count: Int
    let signature_count: Int
    let amendment_count: Int
    let amendments: [Amendment]
    /// Nil when the draft stated no people terms.
    let people_terms: PeopleTermsColumn?
    /// True when drafted to set up its lab before the lab was founded; nil otherwise (migration 0041).
    let sets_up_lab: Bool?
    let stream_version: Int
    let updated_position: Int64
}

/// The `people_terms` jsonb column.
struct PeopleTermsColumn: Codable, Equatable {
    let phd_funders: [String]
    let degree_grantors: [String]
    let internship_hosts: [String]
    let recruits_postdocs: Bool
    let postdoc_recruitment_scope: String?

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
struct DirectoryAgreementPartyRow: Codable, Equatable {
    let stream_id: String
    let agreement_id: String
    let lab_id: String
    let party_id: String
    let role: String
    /// Order in the draft, from 1.
    let position: Int
    /// Nil when the party bears no listed share of the costs.
    let cost_share_basis_points: Int?
    let signed_on: LocalDate?
    let signatory_id: String?
    let signatory_title: String?
}
