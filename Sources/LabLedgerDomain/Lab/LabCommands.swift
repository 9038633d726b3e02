public struct FoundLab: Sendable, Equatable {
    public var lab: LabID
    public var name: String
    public var founders: [LabParty]
    public var foundedOn: LocalDate
    public var researchAreas: [String]
    /// Optional at founding; cost sharers must then be founders.
    public var profile: LabProfile?
    public var parties: KnownParties

    public init(
        lab: LabID, name: String, founders: [LabParty], foundedOn: LocalDate, researchAreas: [String], profile: LabProfile? = nil,
        parties: KnownParties
    ) {
        self.lab = lab
        self.name = name
        self.founders = founders
        self.foundedOn = foundedOn
        self.researchAreas = researchAreas
        self.profile = profile
        self.parties = parties
    }
}

public struct AdmitMember: Sendable, Equatable {
    public var party: PartyID
    public var role: PartyRole
    public var admittedOn: LocalDate
    public var parties: KnownParties

    public init(party: PartyID, role: PartyRole, admittedOn: LocalDate, parties: KnownParties) {
        self.party = party
        self.role = role
        self.admittedOn = admittedOn
        self.parties = parties
    }
}

public struct RecordMemberDeparture: Sendable, Equatable {
    public var party: PartyID
    public var departedOn: LocalDate
    public var reason: String

    public init(party: PartyID, departedOn: LocalDate, reason: String) {
        self.party = party
        self.departedOn = departedOn
        self.reason = reason
    }
}

public struct AppointAdvisoryBoardMember: Sendable, Equatable {
    public var advisor: PersonID
    public var orcid: ORCID?
    public var expertise: String
    public var appointedOn: LocalDate
    public var person: PersonalData

    public init(advisor: PersonID, orcid: ORCID? = nil, expertise: String, appointedOn: LocalDate, person: PersonalData) {
        self.advisor = advisor
        self.orcid = orcid
        self.expertise = expertise
        self.appointedOn = appointedOn
        self.person = person
    }
}

/// Records or replaces the lab's whole profile.
public struct RecordLabProfile: Sendable, Equatable {
    public var profile: LabProfile
    public var recordedOn: LocalDate

    public init(profile: LabProfile, recordedOn: LocalDate) {
        self.profile = profile
        self.recordedOn = recordedOn
    }
}

public struct DissolveLab: Sendable, Equatable {
    public var dissolvedOn: LocalDate
    public var reason: String

    public init(dissolvedOn: LocalDate, reason: String) {
        self.dissolvedOn = dissolvedOn
        self.reason = reason
    }
}

public enum LabCommand: Sendable, Equatable {
    case found(FoundLab)
    case admitMember(AdmitMember)
    case recordDeparture(RecordMemberDeparture)
    case appointAdvisoryBoardMember(AppointAdvisoryBoardMember)
    case recordProfile(RecordLabProfile)
    case dissolve(DissolveLab)
}
