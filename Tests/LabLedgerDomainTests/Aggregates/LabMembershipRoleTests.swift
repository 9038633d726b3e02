import Testing
@testable import LabLedgerDomain

/// Labs and agreements share `PartyRole`; a lab's founders and members hold its four standing
/// roles, while a sponsor or an operator is a party to one of the lab's agreements.
@Suite("Lab membership roles")
struct LabMembershipRoleTests {
    let s: Samples
    let found: FoundLab
    init() throws {
        s = try Samples()
        found = FoundLab(lab: s.lab, name: "Machine Intelligence Joint Lab", founders: s.founders, foundedOn: s.foundedOn,
                         researchAreas: [], parties: s.known)
    }

    @Test("a lab admits a member in each of its four roles", arguments: [PartyRole.university, .industryPartner, .host, .funder])
    func admitsEachMembershipRole(role: PartyRole) throws {
        let founded = try accepted(LabDecider.self, when: .found(found))
        let admit = AdmitMember(party: s.jd, role: role, admittedOn: try date("2019-01-01"), parties: s.known)
        let events = try accepted(LabDecider.self, given: founded, when: .admitMember(admit))
        #expect(LabDecider.fold(founded + events).members[s.jd] == role)
    }

    @Test("a sponsor or an operator is neither admitted nor a founder", arguments: [PartyRole.sponsor, .operator])
    func refusesAgreementOnlyRoles(role: PartyRole) throws {
        let founded = try accepted(LabDecider.self, when: .found(found))
        let admit = AdmitMember(party: s.jd, role: role, admittedOn: try date("2019-01-01"), parties: s.known)
        #expect(refusal(LabDecider.self, given: founded, when: .admitMember(admit)) == "lab.role-not-a-membership-role")
        var founding = found
        founding.founders = [LabParty(party: s.tencent, role: role), LabParty(party: s.cuhksz, role: .university)]
        #expect(refusal(LabDecider.self, when: .found(founding)) == "lab.role-not-a-membership-role")
    }

    @Test("the membership roles are the four words labs always stored, and every role is an agreement role")
    func vocabulary() {
        #expect(PartyRole.allCases.filter(\.isLabMembershipRole).map(\.rawValue) == ["university", "industry_partner", "host", "funder"])
        #expect(PartyRole.allCases.map(\.rawValue) == ["university", "sponsor", "industry_partner", "host", "funder", "operator"])
    }
}
