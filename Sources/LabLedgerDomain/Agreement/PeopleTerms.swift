/// What an agreement says about people (the Tencent/CUHK-Shenzhen lab: Tencent funds the PhD
/// students and offers them internships, CUHK-Shenzhen confers the degree, the lab recruits
/// postdocs worldwide). Fixed at drafting: an amendment does not change them.
public struct PeopleTerms: Sendable, Hashable, Codable {
    /// Parties that fund PhD students.
    public let phdFunders: [PartyID]
    /// Parties that confer degrees.
    public let degreeGrantors: [PartyID]
    /// Parties that offer internships; empty when the agreement offers none.
    public let internshipHosts: [PartyID]
    public let recruitsPostdocs: Bool
    /// Where postdocs are recruited, in words ("worldwide"); only when the lab recruits them.
    public let postdocRecruitmentScope: String?

    public init(
        phdFunders: [PartyID] = [], degreeGrantors: [PartyID] = [], internshipHosts: [PartyID] = [], recruitsPostdocs: Bool = false,
        postdocRecruitmentScope: String? = nil
    ) {
        self.phdFunders = phdFunders
        self.degreeGrantors = degreeGrantors
        self.internshipHosts = internshipHosts
        self.recruitsPostdocs = recruitsPostdocs
        self.postdocRecruitmentScope = postdocRecruitmentScope
    }

    public var offersInternships: Bool { !internshipHosts.isEmpty }
}

extension AgreementDecider {
    /// Every party the people terms name is a party to the agreement, once per list; a postdoc
    /// recruitment scope only when the lab recruits postdocs.
    static func checkPeopleTerms(_ terms: PeopleTerms, parties: Set<PartyID>) throws(DomainError) {
        let lists = [("PhD funders", terms.phdFunders), ("degree grantors", terms.degreeGrantors), ("internship hosts", terms.internshipHosts)]
        for (name, list) in lists {
            if let duplicate = Rule.firstDuplicate(list) {
                throw DomainError(code: "agreement.duplicate-people-terms-party", message: "'\(duplicate)' is named twice among the \(name).")
            }
            if let outsider = list.first(where: { !parties.contains($0) }) {
                throw DomainError(code: "agreement.people-terms-non-party",
                    message: "'\(outsider)' is named among the \(name) but is not a party to the agreement.")
            }
        }
        if let scope = terms.postdocRecruitmentScope {
            try Rule.require(terms.recruitsPostdocs, code: "agreement.postdoc-scope-without-recruitment",
                "A postdoc recruitment scope is given only when the lab recruits postdocs.")
            try Rule.requireText(scope, .label, code: "agreement.postdoc-scope-blank", "A postdoc recruitment scope is stated in words, not blank.")
        }
    }
}
