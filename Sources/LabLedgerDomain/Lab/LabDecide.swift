/// Lab: founded by at least two parties; members come and go; its profile's cost sharers are
/// current members; once dissolved it takes no new activity.
public enum LabDecider: Decider {
    public static func decide(_ command: LabCommand, _ state: LabState) throws(DomainError) -> [LabEvent] {
        switch command {
        case .found(let c):
            return try found(c, state)

        case .admitMember(let c):
            let foundedOn = try requireActive(state)
            try Rule.require(state.members[c.party] == nil, code: "lab.already-a-member", "'\(c.party)' is already a member of the lab.")
            try Rule.require(c.parties.registered.contains(c.party), code: "lab.party-not-registered", "'\(c.party)' is not a registered party.")
            try requireMembershipRole(c.party, c.role)
            try requireNotBefore(c.admittedOn, foundedOn)
            return [.memberAdmitted(MemberAdmitted(party: c.party, role: c.role, admittedOn: c.admittedOn))]

        case .recordDeparture(let c):
            let foundedOn = try requireActive(state)
            try Rule.require(state.members[c.party] != nil, code: "lab.not-a-member", "'\(c.party)' is not a member of the lab.")
            try Rule.require(!(state.profile?.operatingCostSharers.contains(c.party) ?? false), code: "lab.departing-member-shares-costs",
                "'\(c.party)' shares the lab's operating costs; record a profile without it before it leaves.")
            try Rule.require(state.members.count > 2, code: "lab.needs-two-members",
                "A joint lab keeps at least two member parties; dissolve it instead of letting '\(c.party)' leave.")
            try Rule.requireText(c.reason, .reason, code: "lab.reason-required", "A departure states its reason.")
            try requireNotBefore(c.departedOn, foundedOn)
            return [.memberDeparted(MemberDeparted(party: c.party, departedOn: c.departedOn, reason: c.reason))]

        case .appointAdvisoryBoardMember(let c):
            let foundedOn = try requireActive(state)
            try Rule.require(!state.advisors.contains(c.advisor), code: "lab.advisor-already-appointed",
                "Advisor '\(c.advisor)' already sits on the advisory board.")
            try Rule.requireText(c.expertise, .label, code: "lab.expertise-required", "An advisory board member's expertise is stated.")
            try requireNotBefore(c.appointedOn, foundedOn)
            return [.advisoryBoardMemberAppointed(AdvisoryBoardMemberAppointed(
                advisor: c.advisor, orcid: c.orcid, expertise: c.expertise, appointedOn: c.appointedOn, person: c.person))]

        case .recordProfile(let c):
            let foundedOn = try requireActive(state)
            try checkProfile(c.profile, members: Set(state.members.keys))
            try Rule.require(state.profile != c.profile, code: "lab.profile-unchanged", "The lab's profile is already exactly this.")
            try requireNotBefore(c.recordedOn, foundedOn)
            return [.profileRecorded(LabProfileRecorded(profile: c.profile, recordedOn: c.recordedOn))]

        case .dissolve(let c):
            let foundedOn = try requireActive(state)
            try Rule.requireText(c.reason, .reason, code: "lab.reason-required", "A dissolution states its reason.")
            try requireNotBefore(c.dissolvedOn, foundedOn)
            return [.dissolved(LabDissolved(dissolvedOn: c.dissolvedOn, reason: c.reason))]
        }
    }

    private static func found(_ c: FoundLab, _ state: LabState) throws(DomainError) -> [LabEvent] {
        guard case .notFounded = state.status else {
            throw DomainError(code: "lab.already-founded", message: "Lab '\(c.lab)' has already been founded.")
        }
        try Rule.requireText(c.name, .name, code: "lab.name-required", "A lab needs a name.")
        if let duplicate = Rule.firstDuplicate(c.founders.map(\.party)) {
            throw DomainError(code: "lab.duplicate-founder", message: "'\(duplicate)' is named twice among the founders.")
        }
        try Rule.require(c.founders.count >= 2, code: "lab.needs-two-founding-parties",
            "A joint lab is founded by at least two parties; \(c.founders.count) given.")
        if let unknown = c.parties.firstUnknown(in: c.founders.map(\.party)) {
            throw DomainError(code: "lab.party-not-registered", message: "Founder '\(unknown)' is not a registered party.")
        }
        for founder in c.founders { try requireMembershipRole(founder.party, founder.role) }
        for area in c.researchAreas {
            try Rule.requireText(area, .label, code: "lab.research-area-blank", "A research area is named, not blank.")
        }
        if let profile = c.profile { try checkProfile(profile, members: Set(c.founders.map(\.party))) }
        return [.founded(LabFounded(
            lab: c.lab, name: c.name, founders: c.founders, foundedOn: c.foundedOn, researchAreas: c.researchAreas, profile: c.profile))]
    }

    /// Labs and agreements share one role vocabulary; a lab's members hold only its standing roles.
    private static func requireMembershipRole(_ party: PartyID, _ role: PartyRole) throws(DomainError) {
        let allowed = PartyRole.labMembership.map(\.rawValue).joined(separator: ", ")
        try Rule.require(role.isLabMembershipRole, code: "lab.role-not-a-membership-role",
            "'\(party)' cannot be a lab member as \(IndefiniteArticle.before(role.rawValue)): a lab's members are \(allowed); \(IndefiniteArticle.before(role.rawValue)) is a party to one of its agreements.")
    }

    /// The founding date of a lab that exists and is not dissolved.
    private static func requireActive(_ state: LabState) throws(DomainError) -> LocalDate {
        switch state.status {
        case .notFounded:
            throw DomainError(code: "lab.not-founded", message: "The lab has not been founded.")
        case .dissolved(let date):
            throw DomainError(code: "lab.dissolved", message: "The lab was dissolved on \(date) and takes no new activity.")
        case .active:
            guard let foundedOn = state.foundedOn else {
                throw DomainError(code: "lab.not-founded", message: "The lab has not been founded.")
            }
            return foundedOn
        }
    }

    private static func requireNotBefore(_ date: LocalDate, _ foundedOn: LocalDate) throws(DomainError) {
        try Rule.require(date >= foundedOn, code: "lab.date-before-founding", "\(date) is before the lab was founded on \(foundedOn).")
    }
}
