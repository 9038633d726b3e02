import Testing
@testable import LabLedgerDomain

@Suite("Lab")
struct LabTests {
    let s: Samples
    let found: FoundLab
    init() throws {
        s = try Samples()
        found = FoundLab(lab: s.lab, name: "Machine Intelligence Joint Lab", founders: s.founders, foundedOn: s.foundedOn,
                         researchAreas: ["machine learning"], parties: s.known)
    }

    var founded: [LabEvent] { get throws { try accepted(LabDecider.self, when: .found(found)) } }

    @Test("two registered parties found a lab")
    func founds() throws {
        let state = LabDecider.fold(try founded)
        #expect(state.status == .active)
        #expect(Set(state.members.keys) == [s.tencent, s.cuhksz])
    }

    @Test("a lab is founded by at least two distinct, registered parties")
    func foundingRefusals() throws {
        var one = found
        one.founders = [LabParty(party: s.tencent, role: .industryPartner)]
        #expect(refusal(LabDecider.self, when: .found(one)) == "lab.needs-two-founding-parties")
        var twice = found
        twice.founders = [LabParty(party: s.tencent, role: .industryPartner), LabParty(party: s.tencent, role: .funder)]
        #expect(refusal(LabDecider.self, when: .found(twice)) == "lab.duplicate-founder")
        var unknown = found
        unknown.parties = KnownParties([s.tencent])
        #expect(refusal(LabDecider.self, when: .found(unknown)) == "lab.party-not-registered")
        var nameless = found
        nameless.name = ""
        #expect(refusal(LabDecider.self, when: .found(nameless)) == "lab.name-required")
        var blankArea = found
        blankArea.researchAreas = [" "]
        #expect(refusal(LabDecider.self, when: .found(blankArea)) == "lab.research-area-blank")
        #expect(refusal(LabDecider.self, given: try founded, when: .found(found)) == "lab.already-founded")
    }

    @Test("a registered party joins once, not before the lab was founded")
    func admits() throws {
        let admit = AdmitMember(party: s.jd, role: .industryPartner, admittedOn: try date("2019-01-01"), parties: s.known)
        let events = try accepted(LabDecider.self, given: try founded, when: .admitMember(admit))
        #expect(LabDecider.fold(try founded + events).members[s.jd] == .industryPartner)
        #expect(refusal(LabDecider.self, given: try founded + events, when: .admitMember(admit)) == "lab.already-a-member")
        var early = admit
        early.admittedOn = try date("2018-01-01")
        #expect(refusal(LabDecider.self, given: try founded, when: .admitMember(early)) == "lab.date-before-founding")
        var unregistered = admit
        unregistered.parties = KnownParties([s.tencent, s.cuhksz])
        #expect(refusal(LabDecider.self, given: try founded, when: .admitMember(unregistered)) == "lab.party-not-registered")
        #expect(refusal(LabDecider.self, when: .admitMember(admit)) == "lab.not-founded")
    }

    @Test("a member departs with a reason, but a joint lab keeps two members")
    func departs() throws {
        let admit = AdmitMember(party: s.jd, role: .industryPartner, admittedOn: try date("2019-01-01"), parties: s.known)
        let three = try founded + (try accepted(LabDecider.self, given: try founded, when: .admitMember(admit)))
        let leave = RecordMemberDeparture(party: s.jd, departedOn: try date("2020-01-01"), reason: "strategy change")
        let events = try accepted(LabDecider.self, given: three, when: .recordDeparture(leave))
        #expect(LabDecider.fold(three + events).members[s.jd] == nil)
        #expect(refusal(LabDecider.self, given: three + events, when: .recordDeparture(leave)) == "lab.not-a-member")
        let founderLeaves = RecordMemberDeparture(party: s.tencent, departedOn: try date("2020-01-01"), reason: "exit")
        #expect(refusal(LabDecider.self, given: try founded, when: .recordDeparture(founderLeaves)) == "lab.needs-two-members")
        var silent = leave
        silent.reason = ""
        #expect(refusal(LabDecider.self, given: three, when: .recordDeparture(silent)) == "lab.reason-required")
    }

    @Test("an advisory board member is appointed once, with personal data apart")
    func appointsAdvisor() throws {
        let advisor: PersonID = try parsed("advisor-01")
        let appoint = AppointAdvisoryBoardMember(advisor: advisor, expertise: "computer vision", appointedOn: try date("2018-07-01"),
                                                 person: try PersonalData(name: "Chan Tai Man", email: "tm.chan@example.org"))
        let events = try accepted(LabDecider.self, given: try founded, when: .appointAdvisoryBoardMember(appoint))
        guard case .advisoryBoardMemberAppointed(let event) = try #require(events.first) else {
            Issue.record("expected an appointment, got \(events)")
            return
        }
        #expect(event.person.name == "Chan Tai Man")
        #expect(refusal(LabDecider.self, given: try founded + events, when: .appointAdvisoryBoardMember(appoint)) == "lab.advisor-already-appointed")
        var vague = appoint
        vague.expertise = ""
        #expect(refusal(LabDecider.self, given: try founded, when: .appointAdvisoryBoardMember(vague)) == "lab.expertise-required")
    }

    @Test("a dissolved lab takes no new activity")
    func dissolution() throws {
        let dissolve = DissolveLab(dissolvedOn: try date("2024-01-01"), reason: "programme ended")
        let events = try accepted(LabDecider.self, given: try founded, when: .dissolve(dissolve))
        let history = try founded + events
        #expect(refusal(LabDecider.self, given: history, when: .dissolve(dissolve)) == "lab.dissolved")
        let admit = AdmitMember(party: s.jd, role: .industryPartner, admittedOn: try date("2024-02-01"), parties: s.known)
        #expect(refusal(LabDecider.self, given: history, when: .admitMember(admit)) == "lab.dissolved")
        var early = dissolve
        early.dissolvedOn = try date("2018-01-01")
        #expect(refusal(LabDecider.self, given: try founded, when: .dissolve(early)) == "lab.date-before-founding")
        var silent = dissolve
        silent.reason = " "
        #expect(refusal(LabDecider.self, given: try founded, when: .dissolve(silent)) == "lab.reason-required")
    }

    @Test("lab facts tell other aggregates whether the lab is active")
    func labFacts() throws {
        #expect(throws: Never.self) { try s.activeLab.requireActive(s.lab, namespace: "x") }
        let unknown = LabFacts(lab: s.lab, state: LabDecider.initial)
        #expect(code { try unknown.requireActive(s.lab, namespace: "x") } == "x.lab-not-founded")
        #expect(code { try s.dissolvedLab().requireActive(s.lab, namespace: "x") } == "x.lab-dissolved")
        let other: LabID = try parsed("another-lab")
        #expect(code { try s.activeLab.requireActive(other, namespace: "x") } == "x.lab-facts-mismatch")
    }

    private func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as DomainError {
            return error.code
        } catch {
            return "\(error)"
        }
    }
}
