public struct OpenRound: Sendable, Equatable {
    public var round: RoundID
    public var lab: LabID
    public var number: Int
    public var capacity: Int
    public var applicationWindow: DateRange
    public var programmeMonths: Int
    public var openedOn: LocalDate
    public var labFacts: LabFacts
    public var calendar: RoundCalendarFacts

    public init(
        round: RoundID, lab: LabID, number: Int, capacity: Int, applicationWindow: DateRange, programmeMonths: Int,
        openedOn: LocalDate, labFacts: LabFacts, calendar: RoundCalendarFacts
    ) {
        self.round = round
        self.lab = lab
        self.number = number
        self.capacity = capacity
        self.applicationWindow = applicationWindow
        self.programmeMonths = programmeMonths
        self.openedOn = openedOn
        self.labFacts = labFacts
        self.calendar = calendar
    }
}

public struct ApplyToRound: Sendable, Equatable {
    public var startup: PartyID
    public var appliedOn: LocalDate
    public var parties: KnownParties

    public init(startup: PartyID, appliedOn: LocalDate, parties: KnownParties) {
        self.startup = startup
        self.appliedOn = appliedOn
        self.parties = parties
    }
}

public struct AdmitStartup: Sendable, Equatable {
    public var startup: PartyID
    public var admittedOn: LocalDate

    public init(startup: PartyID, admittedOn: LocalDate) {
        self.startup = startup
        self.admittedOn = admittedOn
    }
}

public struct RejectStartup: Sendable, Equatable {
    public var startup: PartyID
    public var rejectedOn: LocalDate
    public var reason: String

    public init(startup: PartyID, rejectedOn: LocalDate, reason: String) {
        self.startup = startup
        self.rejectedOn = rejectedOn
        self.reason = reason
    }
}

/// `commitment` is the commitment the benefit draws on, as it stands now (with its balance);
/// required for cash, optional for cloud credits and office space.
public struct GrantBenefit: Sendable, Equatable {
    public var startup: PartyID
    public var kind: BenefitKind
    public var quantity: Amount
    public var provider: PartyID
    public var commitment: CommitmentFacts?
    public var reference: String
    public var grantedOn: LocalDate
    public var description: String?

    public init(
        startup: PartyID, kind: BenefitKind, quantity: Amount, provider: PartyID, commitment: CommitmentFacts? = nil,
        reference: String, grantedOn: LocalDate, description: String? = nil
    ) {
        self.startup = startup
        self.kind = kind
        self.quantity = quantity
        self.provider = provider
        self.commitment = commitment
        self.reference = reference
        self.grantedOn = grantedOn
        self.description = description
    }
}

public struct AssignMentor: Sendable, Equatable {
    public var startup: PartyID
    public var mentor: PersonID
    public var assignedOn: LocalDate
    public var person: PersonalData
    /// The advisory board of the round's lab as it stands: a fact from the lab's stream.
    public var labAdvisors: Set<PersonID>
    /// What the caller states: `true`, the mentor sits on that board; `false`, they do not;
    /// `nil`, nothing stated (the board decides).
    public var advisoryBoardMember: Bool?

    public init(
        startup: PartyID, mentor: PersonID, assignedOn: LocalDate, person: PersonalData,
        labAdvisors: Set<PersonID>, advisoryBoardMember: Bool? = nil
    ) {
        self.startup = startup
        self.mentor = mentor
        self.assignedOn = assignedOn
        self.person = person
        self.labAdvisors = labAdvisors
        self.advisoryBoardMember = advisoryBoardMember
    }
}

public struct GraduateCohort: Sendable, Equatable {
    public var graduatedOn: LocalDate

    public init(graduatedOn: LocalDate) { self.graduatedOn = graduatedOn }
}

public enum RoundCommand: Sendable, Equatable {
    case open(OpenRound)
    case apply(ApplyToRound)
    case admit(AdmitStartup)
    case reject(RejectStartup)
    case grantBenefit(GrantBenefit)
    case assignMentor(AssignMentor)
    case graduate(GraduateCohort)
}
