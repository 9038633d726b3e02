import Foundation
import Testing
@testable import LabLedgerDomain

@Suite("Accelerator round")
struct AcceleratorRoundTests {
    let x: OutputIPRoundSamples
    init() throws { x = try OutputIPRoundSamples() }

    func code(_ history: [RoundEvent], _ command: RoundCommand) -> String? { refusal(RoundDecider.self, given: history, when: command) }

    func benefit(
        _ kind: BenefitKind, _ quantity: Amount, to startup: PartyID? = nil, provider: PartyID? = nil, commitment: CommitmentFacts? = nil,
        reference: String = "B-1"
    ) throws -> RoundCommand {
        .grantBenefit(GrantBenefit(startup: startup ?? x.startups[0], kind: kind, quantity: quantity, provider: provider ?? x.fund,
                                   commitment: commitment, reference: reference, grantedOn: try date("2018-10-10")))
    }

    @Test("a round opens in an active lab with a capacity, a closed application window and a programme length")
    func opens() throws {
        let state = RoundDecider.fold(try x.roundOpened())
        #expect(state.capacity == 10)
        #expect(state.programme == (try range("2018-10-01", "2019-04-01")))
        #expect(code(try x.roundOpened(), .open(try x.openRound())) == "round.already-opened")
        #expect(code([], .open(try x.openRound(capacity: 0))) == "round.invalid-capacity")
        #expect(code([], .open(try x.openRound(window: DateRange.starting(try date("2018-09-01"))))) == "round.window-needs-end")
        #expect(code([], .open(try x.openRound(months: 0))) == "round.invalid-programme-length")
        var dissolved = try x.openRound()
        dissolved.labFacts = LabFacts(lab: x.hkai, foundedOn: try date("2018-05-21"), dissolvedOn: try date("2018-08-01"), members: [])
        #expect(code([], .open(dissolved)) == "round.lab-dissolved")
    }

    @Test("a lab opens at most two rounds a year")
    func twoRoundsAYear() throws {
        #expect(code([], .open(try x.openRound(alreadyOpened: ["hkai-accelerator-2018-0"]))) == nil)
        #expect(code([], .open(try x.openRound(alreadyOpened: ["hkai-accelerator-2018-a", "hkai-accelerator-2018-b"]))) == "round.too-many-rounds-this-year")
        // A retried open finds itself among the year's rounds and is not counted twice.
        #expect(code([], .open(try x.openRound(alreadyOpened: ["hkai-accelerator-2018-a", "hkai-accelerator-2018-1"]))) == nil)
        var wrongYear = try x.openRound()
        wrongYear.calendar = RoundCalendarFacts(lab: x.hkai, year: 2019, roundsOpened: [])
        #expect(code([], .open(wrongYear)) == "round.calendar-facts-mismatch")
    }

    @Test("applications are taken only inside the window, once per registered startup")
    func applications() throws {
        let opened = try x.roundOpened()
        #expect(code(opened, try x.apply(x.startups[0], on: "2018-09-01")) == nil)
        #expect(code(opened, try x.apply(x.startups[0], on: "2018-09-30")) == nil)
        #expect(code(opened, try x.apply(x.startups[0], on: "2018-10-01")) == "round.outside-application-window")
        #expect(code(opened, try x.apply(x.startups[0], on: "2018-08-31")) == "round.outside-application-window")
        let applied = opened + (try accepted(RoundDecider.self, given: opened, when: x.apply(x.startups[0])))
        #expect(code(applied, try x.apply(x.startups[0])) == "round.already-applied")
        #expect(code(opened, try x.apply(try parsed("unknown-startup"))) == "round.startup-not-registered")
        #expect(code([], try x.apply(x.startups[0])) == "round.not-opened")
    }

    @Test("admissions never exceed capacity; rejections do not count against it")
    func capacity() throws {
        let full = try x.roundWithAdmissions(capacity: 2, admitted: 2)
        #expect(RoundDecider.fold(full).admitted == Array(x.startups.prefix(2)))
        #expect(code(full, try x.admit(x.startups[2])) == "round.capacity-reached")
        let oneRejected = try x.roundWithAdmissions(capacity: 2, admitted: 1)
            + [.startupRejected(StartupRejected(startup: x.startups[1], rejectedOn: try date("2018-10-05"), reason: "Too early"))]
        #expect(code(oneRejected, try x.admit(x.startups[2])) == nil)
        #expect(code(oneRejected, try x.admit(x.startups[1])) == "round.already-decided")
        #expect(code(oneRejected, .reject(RejectStartup(startup: x.startups[0], rejectedOn: try date("2018-10-05"), reason: "Changed mind"))) == "round.already-decided")
        #expect(code(try x.roundOpened(), try x.admit(x.startups[0])) == "round.not-an-applicant")
        #expect(code(try x.roundWithAdmissions(admitted: 0), .reject(RejectStartup(startup: x.startups[0], rejectedOn: try date("2018-10-05"), reason: " "))) == "round.reason-required")
    }

    @Test("benefits go only to admitted startups, counted the way their kind is")
    func benefitsToAdmitted() throws {
        let round = try x.roundWithAdmissions(admitted: 1)
        let space = Amount.inKind(InKindQuantity(40, .squareMetres))
        #expect(code(round, try benefit(.officeSpace, space, provider: x.hkstp)) == nil)
        #expect(code(round, try benefit(.officeSpace, space, to: x.startups[1], provider: x.hkstp)) == "round.startup-not-admitted")
        #expect(code(round, try benefit(.officeSpace, .cash(try x.hkdAmount("1000")), provider: x.hkstp)) == "round.benefit-kind-mismatch")
        #expect(code(round, try benefit(.cloudCredits, .inKind(InKindQuantity(5000, .gpuHours)), provider: x.alibaba)) == nil)
        #expect(code(round, try benefit(.mentoring, .inKind(InKindQuantity(20, .mentoringHours)), provider: x.alibaba)) == nil)
        #expect(code(round, try benefit(.officeSpace, .inKind(InKindQuantity(0, .squareMetres)), provider: x.hkstp)) == "round.non-positive-benefit")
        let granted = round + (try accepted(RoundDecider.self, given: round, when: benefit(.officeSpace, space, provider: x.hkstp)))
        #expect(code(granted, try benefit(.officeSpace, space, provider: x.hkstp)) == "round.duplicate-benefit-reference")
    }

    @Test("technical support is counted in support hours, a platform in seat-months, and a description is kept")
    func technicalSupportAndDescriptions() throws {
        let round = try x.roundWithAdmissions(admitted: 1)
        let hours = Amount.inKind(InKindQuantity(120, .supportHours))
        #expect(code(round, try benefit(.technicalSupport, hours, provider: x.alibaba)) == nil)
        #expect(code(round, try benefit(.technicalSupport, .inKind(InKindQuantity(120, .gpuHours)), provider: x.alibaba)) == "round.benefit-kind-mismatch")
        #expect(code(round, try benefit(.technicalSupport, .cash(try x.hkdAmount("1000")), provider: x.alibaba)) == "round.benefit-kind-mismatch")
        #expect(code(round, try benefit(.mentoring, hours, provider: x.alibaba)) == "round.benefit-kind-mismatch")
        #expect(code(round, try benefit(.technology, .inKind(InKindQuantity(18, .platformSeatMonths)), provider: x.alibaba)) == nil)

        var described = GrantBenefit(
            startup: x.startups[0], kind: .technicalSupport, quantity: hours, provider: x.alibaba, reference: "B-2",
            grantedOn: try date("2018-10-10"), description: "DAMO Academy engineers, on call for the programme")
        let events = try accepted(RoundDecider.self, given: round, when: .grantBenefit(described))
        guard case .benefitGranted(let event) = events.first else { Issue.record("no BenefitGranted: \(events)"); return }
        #expect(event.description == "DAMO Academy engineers, on call for the programme")
        described.description = "  "
        #expect(code(round, .grantBenefit(described)) == "round.benefit-description-blank")
    }

    @Test("a BenefitGranted written before descriptions existed decodes with none, and one without a description encodes as before")
    func benefitGrantedWithoutDescription() throws {
        let old = #"{"grantedOn":"2018-11-01","kind":"mentoring","provider":"alibaba","quantity":{"kind":"in_kind","quantity":40,"unit":"mentoring_hours"},"reference":"R-1","startup":"pixelmind"}"#
        let decoded = try JSONDecoder().decode(BenefitGranted.self, from: Data(old.utf8))
        #expect(decoded.description == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == old)
    }

    @Test("a cash benefit draws on the provider's open cash-grant commitment with enough balance")
    func cashDrawsOnCommitment() throws {
        let round = try x.roundWithAdmissions(admitted: 1)
        let cash = Amount.cash(try x.hkdAmount("500000"))
        #expect(code(round, try benefit(.cash, cash, commitment: try x.cashCommitment())) == nil)
        #expect(code(round, try benefit(.cash, cash)) == "round.cash-needs-commitment")
        #expect(code(round, try benefit(.cash, cash, commitment: try x.cashCommitment(balance: "499999.99"))) == "round.commitment-balance-insufficient")
        #expect(code(round, try benefit(.cash, cash, commitment: try x.cashCommitment(purpose: .operating))) == "round.commitment-purpose-mismatch")
        #expect(code(round, try benefit(.cash, cash, commitment: try x.cashCommitment(closed: true))) == "round.commitment-closed")
        #expect(code(round, try benefit(.cash, cash, provider: x.alibaba, commitment: try x.cashCommitment())) == "round.provider-not-the-funder")
        #expect(code(round, try benefit(.cash, .cash(try money("1000", "USD")), commitment: try x.cashCommitment())) == "round.currency-mismatch")
    }

    @Test("mentors are assigned to admitted startups, each once, with their personal data apart")
    func mentors() throws {
        let round = try x.roundWithAdmissions(admitted: 1)
        let assign = { (startup: PartyID) throws -> RoundCommand in
            .assignMentor(AssignMentor(
                startup: startup, mentor: try parsed("mentor-007"), assignedOn: try date("2018-10-12"), person: try PersonalData(name: "Wong Ka Ho"),
                labAdvisors: []))
        }
        let assigned = round + (try accepted(RoundDecider.self, given: round, when: assign(x.startups[0])))
        #expect(RoundDecider.fold(assigned).mentors[x.startups[0]] == [try parsed("mentor-007")])
        #expect(code(assigned, try assign(x.startups[0])) == "round.mentor-already-assigned")
        #expect(code(round, try assign(x.startups[1])) == "round.startup-not-admitted")
    }

    @Test("a mentor on the lab's advisory board is recorded as one; a statement the board contradicts is refused")
    func mentorsLinkedToTheAdvisoryBoard() throws {
        let round = try x.roundWithAdmissions(admitted: 1)
        let advisor: PersonID = try parsed("hkai-advisor-01")
        let outsider: PersonID = try parsed("mentor-007")
        func assign(_ mentor: PersonID, stated: Bool? = nil) throws -> RoundCommand {
            .assignMentor(AssignMentor(
                startup: x.startups[0], mentor: mentor, assignedOn: try date("2018-10-12"), person: try PersonalData(name: "Wong Ka Ho"),
                labAdvisors: [advisor], advisoryBoardMember: stated))
        }
        func link(_ events: [RoundEvent]) -> Bool?? {
            guard case .mentorAssigned(let e) = events.first else { return .none }
            return .some(e.advisoryBoardMember)
        }
        #expect(link(try accepted(RoundDecider.self, given: round, when: assign(advisor))) == .some(true))
        #expect(link(try accepted(RoundDecider.self, given: round, when: assign(advisor, stated: true))) == .some(true))
        // An outside mentor carries no link at all, so the event encodes as before the link existed.
        #expect(link(try accepted(RoundDecider.self, given: round, when: assign(outsider))) == .some(nil))
        #expect(link(try accepted(RoundDecider.self, given: round, when: assign(outsider, stated: false))) == .some(nil))
        #expect(code(round, try assign(outsider, stated: true)) == "round.mentor-advisory-board-mismatch")
        #expect(code(round, try assign(advisor, stated: false)) == "round.mentor-advisory-board-mismatch")
    }

    @Test("a mentor assignment written before the advisory-board link decodes and encodes byte for byte")
    func mentorAssignedBeforeTheLink() throws {
        let old = #"{"assignedOn":"2018-10-12","mentor":"mentor-007","person":{"name":"Wong Ka Ho"},"startup":"pixelmind"}"#
        let event = try EventJSON.decode(MentorAssigned.self, from: EncodedEvent(type: MentorAssigned.eventType, schemaVersion: 1, data: Data(old.utf8)))
        #expect(event.advisoryBoardMember == nil)
        #expect(String(decoding: try EventJSON.encode(event).data, as: UTF8.self) == old)
    }

    @Test("the cohort graduates after the programme, once, and the round then takes no more changes")
    func graduation() throws {
        let round = try x.roundWithAdmissions(admitted: 2)
        let graduate = { (day: String) throws -> RoundCommand in .graduate(GraduateCohort(graduatedOn: try date(day))) }
        #expect(code(round, try graduate("2019-03-31")) == "round.programme-not-over")
        let graduated = round + (try accepted(RoundDecider.self, given: round, when: graduate("2019-04-01")))
        #expect(RoundDecider.fold(graduated).graduates == Array(x.startups.prefix(2)))
        #expect(code(graduated, try graduate("2019-05-01")) == "round.graduated")
        #expect(code(graduated, try x.admit(x.startups[2])) == "round.graduated")
        #expect(code(try x.roundWithAdmissions(admitted: 0), try graduate("2019-04-01")) == "round.no-admitted-startups")
    }
}
