import Testing
@testable import LabLedgerDomain

@Suite("Research output")
struct ResearchOutputTests {
    let x: OutputIPRoundSamples
    init() throws { x = try OutputIPRoundSamples() }
    var s: Samples { x.s }

    var registered: [OutputEvent] { get throws { [try x.outputRegistered()] } }

    /// Registered, submitted and validated by CUHK-Shenzhen.
    var validated: [OutputEvent] {
        get throws {
            var events = try registered
            events += try accepted(OutputDecider.self, given: events, when: .submitForValidation(SubmitOutputForValidation(submittedOn: try date("2019-03-02"))))
            events += try accepted(OutputDecider.self, given: events, when: validate())
            return events
        }
    }

    func validate(by party: PartyID? = nil, on day: String = "2019-03-05") throws -> OutputCommand {
        .validate(ValidateOutput(validatedBy: party ?? s.cuhksz, validatedOn: try date(day), lab: s.activeLab))
    }

    func publish(on day: String, agreement: AgreementFacts? = nil) throws -> OutputCommand {
        .publish(PublishOutput(publishedOn: try date(day), venue: "CVPR 2019", agreement: try agreement ?? s.executedAgreement()))
    }

    func requestReview(on day: String = "2019-03-10", agreement: AgreementFacts? = nil) throws -> OutputCommand {
        .requestPublicationReview(RequestPublicationReview(requestedOn: try date(day), agreement: try agreement ?? s.executedAgreement()))
    }

    func correct(title: String? = nil, doi: DOI? = nil, takenBy holder: OutputID? = nil, contributors: [OutputContributor]? = nil) throws -> OutputCommand {
        .correct(CorrectOutput(
            reason: "Record was wrong", correctedOn: try date("2019-03-20"), title: title, doi: doi, contributors: contributors,
            doiRegistry: doi.map { DOIRegistryFacts(doi: $0, registeredTo: holder) }, parties: s.known))
    }

    /// The agreement with its review clause amended to `days`.
    func agreement(reviewDays days: Int) throws -> AgreementFacts {
        let base = try s.executedAgreement()
        return AgreementFacts(
            agreement: base.agreement, lab: base.lab, status: base.status, parties: base.parties, term: base.term, executedOn: base.executedOn,
            terminatedOn: nil, amendments: [1], ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: days))
    }

    @Test("a paper is registered in an active lab with its contributors, DOI and affiliations, once")
    func registers() throws {
        let state = OutputDecider.fold(try registered)
        #expect(state.doi == x.doi)
        #expect(state.contributors.map(\.orcid) == [x.orcidA, x.orcidB])
        #expect(state.validation == .draft)
        #expect(refusal(OutputDecider.self, given: try registered, when: .register(try x.registerOutput())) == "output.already-registered")
        var dissolved = try x.registerOutput()
        dissolved.facts.lab = try s.dissolvedLab()
        #expect(refusal(OutputDecider.self, when: .register(dissolved)) == "output.lab-dissolved")
        var unfounded = try x.registerOutput()
        unfounded.facts.lab = LabFacts(lab: s.lab, foundedOn: nil, dissolvedOn: nil, members: [])
        #expect(refusal(OutputDecider.self, when: .register(unfounded)) == "output.lab-not-founded")
        var untitled = try x.registerOutput()
        untitled.title = "  "
        #expect(refusal(OutputDecider.self, when: .register(untitled)) == "output.title-required")
    }

    @Test("a DOI is registered once across outputs, compared case-insensitively")
    func doiOnce() throws {
        #expect(refusal(OutputDecider.self, when: .register(try x.registerOutput(takenBy: x.otherOutput))) == "output.doi-already-registered")
        let shouted: DOI = try parsed("https://doi.org/10.1109/cvpr.2019.00123")
        #expect(refusal(OutputDecider.self, when: .register(try x.registerOutput(doi: shouted, takenBy: x.otherOutput))) == "output.doi-already-registered")
        // A retried registration finds the DOI held by this same output and goes through.
        #expect(refusal(OutputDecider.self, when: .register(try x.registerOutput(takenBy: x.output))) == nil)
        var blind = try x.registerOutput()
        blind.facts.doi = nil
        #expect(refusal(OutputDecider.self, when: .register(blind)) == "output.doi-facts-required")
        var otherFacts = try x.registerOutput()
        otherFacts.facts.doi = DOIRegistryFacts(doi: try parsed("10.5281/zenodo.1"), registeredTo: nil)
        #expect(refusal(OutputDecider.self, when: .register(otherFacts)) == "output.doi-facts-mismatch")
        var noDOI = try x.registerOutput()
        noDOI.doi = nil
        noDOI.facts.doi = nil
        #expect(refusal(OutputDecider.self, when: .register(noDOI)) == nil)
    }

    @Test("an output has at least one contributor, each once, each with CRediT roles")
    func contributors() throws {
        var none = try x.registerOutput()
        none.contributors = []
        #expect(refusal(OutputDecider.self, when: .register(none)) == "output.contributors-required")
        var roleless = try x.registerOutput()
        roleless.contributors = [OutputContributor(orcid: x.orcidA, creditRoles: [])]
        #expect(refusal(OutputDecider.self, when: .register(roleless)) == "output.credit-roles-required")
        var twice = try x.registerOutput()
        twice.contributors = [x.contributors[0], x.contributors[0]]
        #expect(refusal(OutputDecider.self, when: .register(twice)) == "output.duplicate-contributor")
        var repeatedRole = try x.registerOutput()
        repeatedRole.contributors = [OutputContributor(orcid: x.orcidA, creditRoles: [.software, .software])]
        #expect(refusal(OutputDecider.self, when: .register(repeatedRole)) == "output.duplicate-credit-role")
    }

    @Test("CRediT roles come from the closed list of 14: every one is accepted, anything else is refused at parsing")
    func creditRolesClosedList() throws {
        #expect(CreditRole.allCases.count == 14)
        var everyRole = try x.registerOutput()
        everyRole.contributors = [OutputContributor(orcid: x.orcidA, creditRoles: CreditRole.allCases)]
        #expect(refusal(OutputDecider.self, when: .register(everyRole)) == nil)
        #expect(valueErrorCode { try CreditRole(parsing: "Lead author") } == "credit-role.unknown")
        #expect(valueErrorCode { try CreditRole(parsing: "Writing – review & editing") } == nil)
    }

    @Test("affiliations are registered parties, each once; an agreement named is of the lab and was executed")
    func affiliationsAndAgreement() throws {
        var unknown = try x.registerOutput()
        unknown.affiliations = [try parsed("nowhere-university")]
        #expect(refusal(OutputDecider.self, when: .register(unknown)) == "output.party-not-registered")
        var none = try x.registerOutput()
        none.affiliations = []
        #expect(refusal(OutputDecider.self, when: .register(none)) == "output.affiliations-required")
        var twice = try x.registerOutput()
        twice.affiliations = [s.cuhksz, s.cuhksz]
        #expect(refusal(OutputDecider.self, when: .register(twice)) == "output.duplicate-affiliation")
        let unsigned = try s.agreementFacts([try s.agreementDrafted()])
        #expect(refusal(OutputDecider.self, when: .register(try x.registerOutput(agreement: unsigned))) == "output.agreement-not-executed")
        var otherLab = try x.registerOutput()
        let elsewhere: LabID = try parsed("another-lab")
        otherLab.lab = elsewhere
        otherLab.facts.lab = LabFacts(lab: elsewhere, foundedOn: s.foundedOn, dissolvedOn: nil, members: [])
        #expect(refusal(OutputDecider.self, when: .register(otherLab)) == "output.agreement-of-another-lab")
        var blind = try x.registerOutput()
        blind.facts.agreement = nil
        #expect(refusal(OutputDecider.self, when: .register(blind)) == "output.agreement-facts-required")
    }

    @Test("an output is submitted, then validated by a member of its lab")
    func validation() throws {
        #expect(OutputDecider.fold(try validated).validation == .validated)
        #expect(refusal(OutputDecider.self, given: try registered, when: try validate()) == "output.not-submitted")
        let submitted = try registered + [.submittedForValidation(OutputSubmittedForValidation(submittedOn: try date("2019-03-02")))]
        #expect(refusal(OutputDecider.self, given: submitted, when: try validate(by: s.jd)) == "output.validator-not-a-lab-member")
        #expect(refusal(OutputDecider.self, given: submitted, when: .submitForValidation(SubmitOutputForValidation(submittedOn: try date("2019-03-03"))))
            == "output.already-submitted")
        #expect(refusal(OutputDecider.self, given: submitted, when: try validate(on: "2019-02-01")) == "output.date-before-registration")
    }

    @Test("a correction after validation needs revalidation before publication")
    func correctionNeedsRevalidation() throws {
        let fixed = [OutputContributor(orcid: x.orcidA, creditRoles: [.conceptualization]), x.contributors[1]]
        var events = try validated
        let correction = try accepted(OutputDecider.self, given: events, when: correct(contributors: fixed))
        guard case .corrected(let corrected) = try #require(correction.first) else {
            Issue.record("expected a correction, got \(correction)")
            return
        }
        #expect(corrected.revalidationRequired)
        #expect(corrected.title == nil && corrected.contributors == fixed)
        events += correction
        let state = OutputDecider.fold(events)
        #expect(state.validation == .draft && state.revalidationRequired)
        let noReviewClause = try agreement(reviewDays: 0)
        #expect(refusal(OutputDecider.self, given: events, when: try publish(on: "2019-06-16", agreement: noReviewClause)) == "output.revalidation-required")
        events += try accepted(OutputDecider.self, given: events, when: .submitForValidation(SubmitOutputForValidation(submittedOn: try date("2019-03-21"))))
        events += try accepted(OutputDecider.self, given: events, when: validate(on: "2019-03-22"))
        #expect(!OutputDecider.fold(events).revalidationRequired)
        #expect(refusal(OutputDecider.self, given: events, when: try publish(on: "2019-06-16", agreement: noReviewClause)) == nil)
        // Before validation a correction needs none.
        let early = try accepted(OutputDecider.self, given: try registered, when: correct(title: "Depth from one camera"))
        #expect(early == [.corrected(OutputCorrected(reason: "Record was wrong", correctedOn: try date("2019-03-20"), title: "Depth from one camera",
                                                     doi: nil, contributors: nil, affiliations: nil, revalidationRequired: false))])
    }

    @Test("a correction changes something, and a corrected DOI is still registered once")
    func correctionRules() throws {
        #expect(refusal(OutputDecider.self, given: try registered, when: try correct(title: "Self-supervised depth estimation")) == "output.correction-changes-nothing")
        let other: DOI = try parsed("10.5281/zenodo.7654321")
        #expect(refusal(OutputDecider.self, given: try registered, when: try correct(doi: other, takenBy: x.otherOutput)) == "output.doi-already-registered")
        #expect(refusal(OutputDecider.self, given: try registered, when: try correct(doi: other)) == nil)
        #expect(refusal(OutputDecider.self, given: try registered, when: .correct(CorrectOutput(reason: " ", correctedOn: try date("2019-03-20"), title: "X", parties: s.known)))
            == "output.reason-required")
    }

    @Test("under a review clause, publication waits for clearance or the end of the review window")
    func publicationReview() throws {
        var events = try validated
        #expect(refusal(OutputDecider.self, given: events, when: try publish(on: "2019-03-15")) == "output.publication-review-required")
        let request = try accepted(OutputDecider.self, given: events, when: requestReview())
        #expect(request == [.publicationReviewRequested(PublicationReviewRequested(
            reviewers: [s.tencent], requestedOn: try date("2019-03-10"), reviewEndsOn: try date("2019-04-09")))])
        events += request
        #expect(refusal(OutputDecider.self, given: events, when: try publish(on: "2019-04-08")) == "output.publication-review-window-open")
        // The window's end frees publication even without clearance ...
        #expect(refusal(OutputDecider.self, given: events, when: try publish(on: "2019-04-09")) == nil)
        // ... and clearance frees it at once.
        events += try accepted(OutputDecider.self, given: events, when: .clearPublicationReview(ClearPublicationReview(reviewer: s.tencent, clearedOn: try date("2019-03-20"))))
        events += try accepted(OutputDecider.self, given: events, when: publish(on: "2019-03-21"))
        #expect(OutputDecider.fold(events).publishedOn == (try date("2019-03-21")))
        #expect(refusal(OutputDecider.self, given: events, when: try publish(on: "2019-05-01")) == "output.already-published")
    }

    @Test("only the agreement's reviewers clear, once each, after a request")
    func clearance() throws {
        let clear = { (party: PartyID) throws -> OutputCommand in .clearPublicationReview(ClearPublicationReview(reviewer: party, clearedOn: try date("2019-03-20"))) }
        #expect(refusal(OutputDecider.self, given: try validated, when: try clear(s.tencent)) == "output.no-publication-review-requested")
        var events = try validated
        events += try accepted(OutputDecider.self, given: events, when: requestReview())
        #expect(refusal(OutputDecider.self, given: events, when: try clear(s.cuhksz)) == "output.not-a-reviewer")
        #expect(refusal(OutputDecider.self, given: events, when: try requestReview(on: "2019-03-11")) == "output.publication-review-already-requested")
        events += try accepted(OutputDecider.self, given: events, when: clear(s.tencent))
        #expect(refusal(OutputDecider.self, given: events, when: try clear(s.tencent)) == "output.review-already-cleared")
    }

    @Test("without a review clause, or without an agreement, a validated output is published at once")
    func noReviewClause() throws {
        let none = try agreement(reviewDays: 0)
        #expect(refusal(OutputDecider.self, given: try validated, when: try requestReview(agreement: none)) == "output.no-publication-review-clause")
        #expect(refusal(OutputDecider.self, given: try validated, when: try publish(on: "2019-03-06", agreement: none)) == nil)
        #expect(refusal(OutputDecider.self, given: try validated, when: .publish(PublishOutput(publishedOn: try date("2019-03-06"), venue: "CVPR 2019")))
            == "output.agreement-facts-required")
        var independent = try x.registerOutput()
        independent.agreement = nil
        var events = try accepted(OutputDecider.self, when: .register(independent))
        events += try accepted(OutputDecider.self, given: events, when: .submitForValidation(SubmitOutputForValidation(submittedOn: try date("2019-03-02"))))
        events += try accepted(OutputDecider.self, given: events, when: validate())
        #expect(refusal(OutputDecider.self, given: events, when: .publish(PublishOutput(publishedOn: try date("2019-03-06"), venue: "arXiv"))) == nil)
        #expect(refusal(OutputDecider.self, given: try registered, when: try publish(on: "2019-04-20", agreement: none)) == "output.not-validated")
    }

    @Test("a withdrawn output takes no more changes")
    func withdrawn() throws {
        let withdraw = OutputCommand.withdraw(WithdrawOutput(reason: "Duplicate record", withdrawnOn: try date("2019-04-01")))
        var events = try validated
        events += try accepted(OutputDecider.self, given: events, when: withdraw)
        #expect(refusal(OutputDecider.self, given: events, when: try correct(title: "New title")) == "output.withdrawn")
        #expect(refusal(OutputDecider.self, given: events, when: .submitForValidation(SubmitOutputForValidation(submittedOn: try date("2019-04-02")))) == "output.withdrawn")
        #expect(refusal(OutputDecider.self, given: events, when: withdraw) == "output.withdrawn")
        #expect(refusal(OutputDecider.self, given: try registered, when: .withdraw(WithdrawOutput(reason: "", withdrawnOn: try date("2019-04-01")))) == "output.reason-required")
        #expect(refusal(OutputDecider.self, when: withdraw) == "output.not-registered")
        #expect(OutputFacts(state: OutputDecider.fold(events))?.withdrawn == true)
    }
}
