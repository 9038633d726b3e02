/// A round takes applications during `applicationWindow`; its programme starts when the window
/// closes and runs `programmeMonths` months.
public struct RoundOpened: VersionedEvent {
    public static let eventType = "RoundOpened"
    public let round: RoundID
    public let lab: LabID
    public let number: Int
    public let capacity: Int
    public let applicationWindow: DateRange
    public let programmeMonths: Int
    public let openedOn: LocalDate

    public init(round: RoundID, lab: LabID, number: Int, capacity: Int, applicationWindow: DateRange, programmeMonths: Int, openedOn: LocalDate) {
        self.round = round
        self.lab = lab
        self.number = number
        self.capacity = capacity
        self.applicationWindow = applicationWindow
        self.programmeMonths = programmeMonths
        self.openedOn = openedOn
    }
}

public struct StartupApplied: VersionedEvent {
    public static let eventType = "StartupApplied"
    public let startup: PartyID
    public let appliedOn: LocalDate

    public init(startup: PartyID, appliedOn: LocalDate) {
        self.startup = startup
        self.appliedOn = appliedOn
    }
}

public struct StartupAdmitted: VersionedEvent {
    public static let eventType = "StartupAdmitted"
    public let startup: PartyID
    public let admittedOn: LocalDate

    public init(startup: PartyID, admittedOn: LocalDate) {
        self.startup = startup
        self.admittedOn = admittedOn
    }
}

public struct StartupRejected: VersionedEvent {
    public static let eventType = "StartupRejected"
    public let startup: PartyID
    public let rejectedOn: LocalDate
    public let reason: String

    public init(startup: PartyID, rejectedOn: LocalDate, reason: String) {
        self.startup = startup
        self.rejectedOn = rejectedOn
        self.reason = reason
    }
}

public enum BenefitKind: String, Sendable, Hashable, Codable, CaseIterable {
    case cash
    case cloudCredits = "cloud_credits"
    case officeSpace = "office_space"
    case mentoring
    case technology
    case technicalSupport = "technical_support"

    /// Whether `amount` is counted the way this benefit is: cash in money, office space in
    /// square metres or desk-months, mentoring and technical support in their hours, cloud
    /// credits in money or compute units; technology (a platform's seats, a licence) in anything.
    public func accepts(_ amount: Amount) -> Bool {
        switch (self, amount) {
        case (.cash, .cash), (.cloudCredits, .cash), (.technology, _): true
        case (.cloudCredits, .inKind(let q)): [.gpuHours, .cpuCoreHours, .storageTerabyteMonths].contains(q.unit)
        case (.officeSpace, .inKind(let q)): [.squareMetres, .deskMonths].contains(q.unit)
        case (.mentoring, .inKind(let q)): q.unit == .mentoringHours
        case (.technicalSupport, .inKind(let q)): q.unit == .supportHours
        case (.cash, .inKind), (.officeSpace, .cash), (.mentoring, .cash), (.technicalSupport, .cash): false
        }
    }

    /// The commitment purpose a benefit of this kind may draw on, if any.
    public var fundingPurpose: FundingPurpose? {
        switch self {
        case .cash: .cashGrant
        case .cloudCredits: .computeCredits
        case .officeSpace: .officeSpace
        case .mentoring, .technology, .technicalSupport: nil
        }
    }
}

/// A benefit given to an admitted startup by `provider`. When it draws on a commitment, the same
/// `reference` is recorded as a disbursement on the commitment's stream.
public struct BenefitGranted: VersionedEvent {
    public static let eventType = "BenefitGranted"
    public let startup: PartyID
    public let kind: BenefitKind
    public let quantity: Amount
    public let provider: PartyID
    public let commitment: CommitmentID?
    public let reference: String
    public let grantedOn: LocalDate
    /// What the benefit is, in words ("SenseTime's deep-learning platform, 3 seats"); absent in
    /// events written before it existed, which then read as nil.
    public let description: String?

    public init(
        startup: PartyID, kind: BenefitKind, quantity: Amount, provider: PartyID, commitment: CommitmentID?, reference: String, grantedOn: LocalDate,
        description: String? = nil
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

/// A mentor is assigned to a startup. The mentor's name and contact details are personal data
/// and sit in `person` alone. `advisoryBoardMember` is `true` when the mentor had been appointed
/// to the advisory board of the round's lab (the same pseudonymous id) by the time the assignment
/// was recorded — the board as recorded then, whatever the appointment's date; absent otherwise,
/// so events written before the link existed encode as they did.
public struct MentorAssigned: VersionedEvent {
    public static let eventType = "MentorAssigned"
    public let startup: PartyID
    public let mentor: PersonID
    public let assignedOn: LocalDate
    public let person: PersonalData
    public let advisoryBoardMember: Bool?

    public init(startup: PartyID, mentor: PersonID, assignedOn: LocalDate, person: PersonalData, advisoryBoardMember: Bool? = nil) {
        self.startup = startup
        self.mentor = mentor
        self.assignedOn = assignedOn
        self.person = person
        self.advisoryBoardMember = advisoryBoardMember
    }
}

/// The programme is over; `graduates` are the startups admitted to it. Final for the round.
public struct CohortGraduated: VersionedEvent {
    public static let eventType = "CohortGraduated"
    public let graduates: [PartyID]
    public let graduatedOn: LocalDate

    public init(graduates: [PartyID], graduatedOn: LocalDate) {
        self.graduates = graduates
        self.graduatedOn = graduatedOn
    }
}

public enum RoundEvent: Sendable, Equatable {
    case opened(RoundOpened)
    case startupApplied(StartupApplied)
    case startupAdmitted(StartupAdmitted)
    case startupRejected(StartupRejected)
    case benefitGranted(BenefitGranted)
    case mentorAssigned(MentorAssigned)
    case cohortGraduated(CohortGraduated)
}
