/// What a party is to a lab or an agreement: one vocabulary for both, so "industry partner" in a
/// lab's membership and in its joint-lab agreement is the same word with the same meaning. The raw
/// values are the words stored in `MemberAdmitted`, `LabFounded` and `AgreementDrafted` events
/// since the first of them, when labs and agreements had an enum each (`LabRole` with the first
/// four words, `AgreementRole` with all six): the words did not change, so no upcaster is needed.
public enum PartyRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Admits students and confers degrees.
    case university
    /// Pays for research under an agreement and may hold an option on its results.
    case sponsor
    case industryPartner = "industry_partner"
    /// Provides premises and incubation (e.g. a science park) or hosts interns.
    case host
    /// Pays operating costs.
    case funder
    /// Runs the lab's programme day to day under an agreement (an accelerator charter's operator).
    case `operator`

    /// The roles a lab member holds. A sponsor and an operator are parties to one agreement, for
    /// its research or its programme, not standing members of the lab: a lab admits neither
    /// (`lab.role-not-a-membership-role`), and is joined in that role by signing the agreement.
    public static let labMembership: [PartyRole] = [.university, .industryPartner, .host, .funder]

    public var isLabMembershipRole: Bool { Self.labMembership.contains(self) }
}
