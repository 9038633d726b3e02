import Testing
@testable import LabLedgerDomain

@Suite("Agreement people terms")
struct AgreementPeopleTermsTests {
    let s: Samples
    let draft: DraftAgreement
    init() throws {
        s = try Samples()
        draft = DraftAgreement(
            agreement: s.agreement, lab: s.lab, kind: .jointLabAgreement, title: "Joint lab agreement",
            parties: s.agreementParties, costShares: try s.costShares(6000, 4000), ipTerms: s.ipTerms, term: s.term,
            draftedOn: try date("2018-05-01"), facts: AgreementDraftingFacts(lab: s.activeLab, parties: s.known))
    }

    func drafted(with terms: PeopleTerms) -> AgreementCommand {
        var command = draft
        command.peopleTerms = terms
        return .draft(command)
    }

    @Test("people terms naming only parties are drafted and kept")
    func drafts() throws {
        let terms = PeopleTerms(
            phdFunders: [s.tencent], degreeGrantors: [s.cuhksz], internshipHosts: [s.tencent], recruitsPostdocs: true,
            postdocRecruitmentScope: "worldwide")
        let events = try accepted(AgreementDecider.self, when: drafted(with: terms))
        #expect(AgreementDecider.fold(events).peopleTerms == terms)
        #expect(terms.offersInternships)
        #expect(AgreementDecider.fold(try accepted(AgreementDecider.self, when: .draft(draft))).peopleTerms == nil)
    }

    @Test("every party the people terms name is a party to the agreement", arguments: [0, 1, 2])
    func namesOnlyParties(list: Int) throws {
        let outsider = [s.outsider]
        let terms = PeopleTerms(
            phdFunders: list == 0 ? outsider : [], degreeGrantors: list == 1 ? outsider : [], internshipHosts: list == 2 ? outsider : [])
        #expect(refusal(AgreementDecider.self, when: drafted(with: terms)) == "agreement.people-terms-non-party")
    }

    @Test("a party is named once per list")
    func namesOnce() throws {
        let terms = PeopleTerms(degreeGrantors: [s.cuhksz, s.cuhksz])
        #expect(refusal(AgreementDecider.self, when: drafted(with: terms)) == "agreement.duplicate-people-terms-party")
    }

    @Test("a postdoc recruitment scope only when the lab recruits postdocs, and in words")
    func postdocScope() throws {
        let scopeOnly = PeopleTerms(recruitsPostdocs: false, postdocRecruitmentScope: "worldwide")
        #expect(refusal(AgreementDecider.self, when: drafted(with: scopeOnly)) == "agreement.postdoc-scope-without-recruitment")
        let blank = PeopleTerms(recruitsPostdocs: true, postdocRecruitmentScope: "  ")
        #expect(refusal(AgreementDecider.self, when: drafted(with: blank)) == "agreement.postdoc-scope-blank")
        try accepted(AgreementDecider.self, when: drafted(with: PeopleTerms(recruitsPostdocs: true)))
    }
}
