import Testing
@testable import LabLedgerDomain

@Suite("Lab profile")
struct LabProfileTests {
    let s: Samples
    let found: FoundLab
    init() throws {
        s = try Samples()
        found = FoundLab(lab: s.lab, name: "Machine Intelligence Joint Lab", founders: s.founders, foundedOn: s.foundedOn,
                         researchAreas: [], parties: s.known)
    }

    var founded: [LabEvent] { get throws { try accepted(LabDecider.self, when: .found(found)) } }

    func record(_ profile: LabProfile, on day: String = "2019-01-01") throws -> LabCommand {
        .recordProfile(RecordLabProfile(profile: profile, recordedOn: try date(day)))
    }

    @Test("a lab founded with a profile carries it; one founded without has none")
    func profileAtFounding() throws {
        #expect(LabDecider.fold(try founded).profile == nil)
        var withProfile = found
        let profile = LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [s.tencent, s.cuhksz])
        withProfile.profile = profile
        let events = try accepted(LabDecider.self, when: .found(withProfile))
        #expect(LabDecider.fold(events).profile == profile)
    }

    @Test("cost sharers at founding are founders, named once")
    func foundingSharers() throws {
        var outsider = found
        outsider.profile = LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [s.tencent, s.jd])
        #expect(refusal(LabDecider.self, when: .found(outsider)) == "lab.cost-sharer-not-a-member")
        var twice = found
        twice.profile = LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [s.tencent, s.tencent])
        #expect(refusal(LabDecider.self, when: .found(twice)) == "lab.duplicate-cost-sharer")
    }

    @Test("a financially independent lab names no operating-cost sharers")
    func independentSharesNothing() throws {
        let both = LabProfile(nonProfit: false, financiallyIndependent: true, operatingCostSharers: [s.tencent])
        #expect(refusal(LabDecider.self, given: try founded, when: try record(both)) == "lab.independent-lab-shares-costs")
        let independent = LabProfile(nonProfit: false, financiallyIndependent: true, operatingCostSharers: [])
        let events = try accepted(LabDecider.self, given: try founded, when: try record(independent))
        #expect(LabDecider.fold(try founded + events).profile == independent)
    }

    @Test("a profile recorded later names current members and replaces the one before")
    func recordsLater() throws {
        let admitted = try accepted(LabDecider.self, given: try founded, when: .admitMember(
            AdmitMember(party: s.jd, role: .funder, admittedOn: try date("2018-09-01"), parties: s.known)))
        let shared = LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [s.jd])
        #expect(refusal(LabDecider.self, given: try founded, when: try record(shared)) == "lab.cost-sharer-not-a-member")
        let history = try founded + admitted
        let first = try accepted(LabDecider.self, given: history, when: try record(shared))
        #expect(first == [.profileRecorded(LabProfileRecorded(profile: shared, recordedOn: try date("2019-01-01")))])
        #expect(refusal(LabDecider.self, given: history + first, when: try record(shared)) == "lab.profile-unchanged")
        let changed = LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [s.jd, s.tencent])
        let second = try accepted(LabDecider.self, given: history + first, when: try record(changed))
        #expect(LabDecider.fold(history + first + second).profile == changed)
        #expect(refusal(LabDecider.self, given: history, when: try record(shared, on: "2018-01-01")) == "lab.date-before-founding")
    }

    @Test("a cost sharer cannot leave until a profile without it is recorded")
    func sharerDeparture() throws {
        let admitted = try accepted(LabDecider.self, given: try founded, when: .admitMember(
            AdmitMember(party: s.jd, role: .funder, admittedOn: try date("2018-09-01"), parties: s.known)))
        let shared = try accepted(LabDecider.self, given: try founded + admitted, when: try record(
            LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [s.jd])))
        let leave = LabCommand.recordDeparture(RecordMemberDeparture(party: s.jd, departedOn: try date("2020-01-01"), reason: "funding ended"))
        let history = try founded + admitted + shared
        #expect(refusal(LabDecider.self, given: history, when: leave) == "lab.departing-member-shares-costs")
        let cleared = try accepted(LabDecider.self, given: history, when: try record(
            LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: []), on: "2019-12-31"))
        try accepted(LabDecider.self, given: history + cleared, when: leave)
    }

    @Test("a dissolved or unfounded lab records no profile")
    func inactiveLab() throws {
        let profile = LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [])
        let dissolved = try founded + [.dissolved(LabDissolved(dissolvedOn: try date("2024-01-01"), reason: "programme ended"))]
        #expect(refusal(LabDecider.self, given: dissolved, when: try record(profile)) == "lab.dissolved")
        #expect(refusal(LabDecider.self, when: try record(profile)) == "lab.not-founded")
    }
}
