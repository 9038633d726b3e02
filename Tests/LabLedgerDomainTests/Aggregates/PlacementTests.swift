import Testing
@testable import LabLedgerDomain

@Suite("Placement")
struct PlacementTests {
    let s: Samples
    init() throws { s = try Samples() }

    var awarded: [PlacementEvent] { get throws { [try s.studentshipAwarded()] } }

    func pay(_ amount: String = "15000", month: (String, String) = ("2018-09-01", "2018-10-01"), reference: String = "STIPEND-2018-09",
             commitment: CommitmentFacts? = nil) throws -> PlacementCommand {
        .payStipend(PayStipend(amount: try s.cny(amount), forPeriod: try range(month.0, month.1), paidOn: try date(month.0),
                               reference: reference, commitment: try commitment ?? s.commitmentFacts([s.fundingCommitted()])))
    }

    func intern(_ from: String = "2019-07-01", _ to: String? = "2019-09-01", host: PartyID? = nil, agreement: AgreementFacts? = nil) throws -> PlacementCommand {
        .startInternship(StartInternship(host: host ?? s.tencent, period: try range(from, to), agreement: try agreement ?? s.executedAgreement()))
    }

    @Test("a studentship is awarded under an executed agreement, with the student's personal data apart")
    func awards() throws {
        guard case .studentshipAwarded(let event) = try #require(try awarded.first) else {
            Issue.record("expected a studentship")
            return
        }
        #expect(event.person == s.studentPerson)
        #expect(event.sponsor == s.tencent)
        #expect(PlacementDecider.fold(try awarded).kind == .studentship)
    }

    @Test("the sponsor and the degree-granting university are parties, the grantor in the university role")
    func awardParties() throws {
        var outsiderSponsor = try s.awardStudentship()
        outsiderSponsor.sponsor = s.outsider
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(outsiderSponsor)) == "placement.sponsor-not-a-party")
        var outsiderGrantor = try s.awardStudentship()
        outsiderGrantor.degreeGrantor = s.outsider
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(outsiderGrantor)) == "placement.degree-grantor-not-a-party")
        var companyGrantor = try s.awardStudentship()
        companyGrantor.degreeGrantor = s.tencent
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(companyGrantor)) == "placement.degree-grantor-not-a-university")
    }

    @Test("a studentship needs an active lab and an executed agreement of that lab")
    func awardContext() throws {
        var dissolved = try s.awardStudentship()
        dissolved.facts.lab = try s.dissolvedLab()
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(dissolved)) == "placement.lab-dissolved")
        var unsigned = try s.awardStudentship()
        unsigned.facts.agreement = try s.agreementFacts([try s.agreementDrafted()])
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(unsigned)) == "placement.agreement-not-executed")
        var otherLab = try s.awardStudentship()
        let other: LabID = try parsed("another-lab")
        otherLab.lab = other
        otherLab.facts.lab = LabFacts(lab: other, foundedOn: s.foundedOn, dissolvedOn: nil, members: [])
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(otherLab)) == "placement.agreement-of-another-lab")
        var late = try s.awardStudentship()
        late.period = try range("2023-09-01", "2027-09-01")
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(late)) == "placement.outside-agreement-term")
        #expect(refusal(PlacementDecider.self, given: try awarded, when: .awardStudentship(try s.awardStudentship())) == "placement.already-exists")
    }

    @Test("the stipend draws on an open PhD-stipend commitment of the sponsor, in its currency")
    func awardCommitment() throws {
        let operating = try s.commitmentFacts([try s.fundingCommitted(purpose: .operating)])
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(try s.awardStudentship(commitment: operating))) == "placement.commitment-not-for-stipends")
        let base = try s.commitmentFacts([try s.fundingCommitted()])
        let jds = CommitmentFacts(commitment: base.commitment, funder: s.jd, purpose: .phdStipend, balance: base.balance, closed: false)
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(try s.awardStudentship(commitment: jds))) == "placement.commitment-not-from-sponsor")
        let closed = CommitmentFacts(commitment: base.commitment, funder: s.tencent, purpose: .phdStipend, balance: base.balance, closed: true)
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(try s.awardStudentship(commitment: closed))) == "placement.commitment-closed")
        let dollars = CommitmentFacts(commitment: base.commitment, funder: s.tencent, purpose: .phdStipend, balance: .cash(try money("100", "USD")), closed: false)
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(try s.awardStudentship(commitment: dollars))) == "placement.currency-mismatch")
        let other = CommitmentFacts(commitment: try parsed("other-commitment"), funder: s.tencent, purpose: .phdStipend, balance: base.balance, closed: false)
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(try s.awardStudentship(commitment: other))) == "placement.commitment-mismatch")
        var free = try s.awardStudentship()
        free.stipend = Stipend(monthly: try s.cny("0"), commitment: s.commitment)
        #expect(refusal(PlacementDecider.self, when: .awardStudentship(free)) == "placement.non-positive-stipend")
    }

    @Test("a stipend is paid from the commitment's balance, once per reference, within the studentship")
    func stipends() throws {
        let events = try accepted(PlacementDecider.self, given: try awarded, when: pay())
        #expect(PlacementDecider.fold(try awarded + events).stipendsPaid == [try s.cny("15000")])
        #expect(refusal(PlacementDecider.self, given: try awarded + events, when: try pay()) == "placement.duplicate-stipend-reference")
        let nearlyDrawn = try s.commitmentFacts([
            try s.fundingCommitted(),
            .disbursementRecorded(DisbursementRecorded(amount: .cash(try s.cny("1190000")), valueDate: try date("2019-01-01"), reference: "BULK")),
        ])
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try pay(commitment: nearlyDrawn)) == "placement.commitment-balance-insufficient")
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try pay(month: ("2022-09-01", "2022-10-01"))) == "placement.stipend-outside-studentship")
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try pay(reference: "")) == "placement.reference-required")
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try pay("0")) == "placement.non-positive-stipend")
        #expect(refusal(PlacementDecider.self, when: try pay()) == "placement.not-found")
    }

    @Test("an internship host is a party to an executed, unterminated agreement covering the dates")
    func internshipHost() throws {
        let events = try accepted(PlacementDecider.self, given: try awarded, when: intern())
        #expect(PlacementDecider.fold(try awarded + events).currentInternship?.host == s.tencent)
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try intern(host: s.outsider)) == "placement.host-not-a-party")
        let terminated = try s.agreementFacts(try s.executedAgreementHistory() + [.terminated(AgreementTerminated(reason: "exit", effectiveOn: try date("2019-06-30")))])
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try intern(agreement: terminated)) == "placement.agreement-terminated")
        let unsigned = try s.agreementFacts([try s.agreementDrafted()])
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try intern(agreement: unsigned)) == "placement.agreement-not-executed")
        let shortTerm = try s.agreementFacts(try s.executedAgreementHistory() + [.amended(AgreementAmended(
            number: 1, changes: AmendmentChanges(summary: "shorten", term: try range("2018-06-12", "2019-08-01")), effectiveFrom: try date("2019-01-01")))])
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try intern(agreement: shortTerm)) == "placement.internship-outside-agreement-term")
    }

    @Test("one internship at a time, with an end date, inside the studentship")
    func internshipShape() throws {
        let started = try awarded + (try accepted(PlacementDecider.self, given: try awarded, when: intern()))
        #expect(refusal(PlacementDecider.self, given: started, when: try intern("2019-08-01", "2019-10-01")) == "placement.internship-in-progress")
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try intern("2019-07-01", nil)) == "placement.internship-needs-end-date")
        #expect(refusal(PlacementDecider.self, given: try awarded, when: try intern("2018-07-01", "2018-09-15")) == "placement.internship-outside-placement")
        let postdoc = try appointPostdoc()
        let postdocHistory = try accepted(PlacementDecider.self, when: .appointPostdoc(postdoc))
        #expect(refusal(PlacementDecider.self, given: postdocHistory, when: try intern()) == "placement.not-a-studentship")
    }

    @Test("an internship ends inside its period, and only if one is in progress")
    func endsInternship() throws {
        let started = try awarded + (try accepted(PlacementDecider.self, given: try awarded, when: intern()))
        let events = try accepted(PlacementDecider.self, given: started, when: .endInternship(EndInternship(endedOn: try date("2019-08-15"))))
        #expect(PlacementDecider.fold(started + events).currentInternship == nil)
        #expect(refusal(PlacementDecider.self, given: started + events, when: .endInternship(EndInternship(endedOn: try date("2019-08-20")))) == "placement.no-internship-in-progress")
        #expect(refusal(PlacementDecider.self, given: started, when: .endInternship(EndInternship(endedOn: try date("2019-09-02")))) == "placement.internship-end-outside-period")
    }

    @Test("only the degree-granting university confers the degree, once")
    func degree() throws {
        let confer = ConferDegree(grantor: s.cuhksz, degree: "PhD in Computer Science", conferredOn: try date("2022-07-01"))
        let events = try accepted(PlacementDecider.self, given: try awarded, when: .conferDegree(confer))
        #expect(PlacementDecider.fold(try awarded + events).degreeConferredOn == (try date("2022-07-01")))
        #expect(refusal(PlacementDecider.self, given: try awarded + events, when: .conferDegree(confer)) == "placement.degree-already-conferred")
        var byCompany = confer
        byCompany.grantor = s.tencent
        #expect(refusal(PlacementDecider.self, given: try awarded, when: .conferDegree(byCompany)) == "placement.not-the-degree-grantor")
        var unnamed = confer
        unnamed.degree = ""
        #expect(refusal(PlacementDecider.self, given: try awarded, when: .conferDegree(unnamed)) == "placement.degree-required")
        var early = confer
        early.conferredOn = try date("2018-09-01")
        #expect(refusal(PlacementDecider.self, given: try awarded, when: .conferDegree(early)) == "placement.date-before-start")
    }

    func appointPostdoc() throws -> AppointPostdoc {
        AppointPostdoc(
            placement: try parsed("postdoc-2019-001"), lab: s.lab, agreement: s.agreement, researcher: try parsed("person-0200"),
            employer: s.cuhksz, period: try range("2019-03-01", "2021-03-01"), appointedOn: try date("2019-01-15"),
            person: try PersonalData(name: "Maria Rossi"), facts: PlacementFacts(lab: s.activeLab, agreement: try s.executedAgreement()))
    }

    @Test("a postdoc is appointed by a party to the agreement; no degree follows")
    func postdoc() throws {
        let events = try accepted(PlacementDecider.self, when: .appointPostdoc(try appointPostdoc()))
        #expect(PlacementDecider.fold(events).kind == .postdoc)
        var outsider = try appointPostdoc()
        outsider.employer = s.outsider
        #expect(refusal(PlacementDecider.self, when: .appointPostdoc(outsider)) == "placement.employer-not-a-party")
        var late = try appointPostdoc()
        late.period = try range("2024-01-01", "2025-01-01")
        #expect(refusal(PlacementDecider.self, when: .appointPostdoc(late)) == "placement.outside-agreement-term")
        #expect(refusal(PlacementDecider.self, given: events, when: .appointPostdoc(try appointPostdoc())) == "placement.already-exists")
        let confer = ConferDegree(grantor: s.cuhksz, degree: "PhD", conferredOn: try date("2020-01-01"))
        #expect(refusal(PlacementDecider.self, given: events, when: .conferDegree(confer)) == "placement.not-a-studentship")
        #expect(refusal(PlacementDecider.self, given: events, when: try pay()) == "placement.not-a-studentship")
    }

    @Test("a placement ends once, after any internship, and then takes nothing more")
    func ending() throws {
        let end = EndPlacement(reason: .completed, endedOn: try date("2022-08-31"))
        let events = try accepted(PlacementDecider.self, given: try awarded, when: .end(end))
        #expect(refusal(PlacementDecider.self, given: try awarded + events, when: .end(end)) == "placement.ended")
        #expect(refusal(PlacementDecider.self, given: try awarded + events, when: try pay()) == "placement.ended")
        let interning = try awarded + (try accepted(PlacementDecider.self, given: try awarded, when: intern()))
        #expect(refusal(PlacementDecider.self, given: interning, when: .end(end)) == "placement.internship-in-progress")
        let early = EndPlacement(reason: .withdrawn, endedOn: try date("2018-08-01"))
        #expect(refusal(PlacementDecider.self, given: try awarded, when: .end(early)) == "placement.date-before-start")
    }
}
