public struct RegisterOutput: Sendable, Equatable {
    public var output: OutputID
    public var lab: LabID
    public var kind: OutputKind
    public var title: String
    public var doi: DOI?
    public var contributors: [OutputContributor]
    public var affiliations: [PartyID]
    public var agreement: AgreementID?
    public var date: LocalDate
    public var facts: OutputRegistrationFacts

    public init(
        output: OutputID, lab: LabID, kind: OutputKind, title: String, doi: DOI? = nil, contributors: [OutputContributor],
        affiliations: [PartyID], agreement: AgreementID? = nil, date: LocalDate, facts: OutputRegistrationFacts
    ) {
        self.output = output
        self.lab = lab
        self.kind = kind
        self.title = title
        self.doi = doi
        self.contributors = contributors
        self.affiliations = affiliations
        self.agreement = agreement
        self.date = date
        self.facts = facts
    }
}

public struct SubmitOutputForValidation: Sendable, Equatable {
    public var submittedOn: LocalDate

    public init(submittedOn: LocalDate) { self.submittedOn = submittedOn }
}

/// `lab` is the output's lab as it stands now: the validator must be one of its members.
public struct ValidateOutput: Sendable, Equatable {
    public var validatedBy: PartyID
    public var validatedOn: LocalDate
    public var lab: LabFacts

    public init(validatedBy: PartyID, validatedOn: LocalDate, lab: LabFacts) {
        self.validatedBy = validatedBy
        self.validatedOn = validatedOn
        self.lab = lab
    }
}

/// Every part is optional (nil: unchanged), but a correction changes something. A new DOI
/// needs `doiRegistry` facts for it; new affiliations are checked against `parties`.
public struct CorrectOutput: Sendable, Equatable {
    public var reason: String
    public var correctedOn: LocalDate
    public var title: String?
    public var doi: DOI?
    public var contributors: [OutputContributor]?
    public var affiliations: [PartyID]?
    public var doiRegistry: DOIRegistryFacts?
    public var parties: KnownParties

    public init(
        reason: String, correctedOn: LocalDate, title: String? = nil, doi: DOI? = nil, contributors: [OutputContributor]? = nil,
        affiliations: [PartyID]? = nil, doiRegistry: DOIRegistryFacts? = nil, parties: KnownParties
    ) {
        self.reason = reason
        self.correctedOn = correctedOn
        self.title = title
        self.doi = doi
        self.contributors = contributors
        self.affiliations = affiliations
        self.doiRegistry = doiRegistry
        self.parties = parties
    }
}

/// `agreement` is the output's agreement as it stands now; its IP terms give the window.
public struct RequestPublicationReview: Sendable, Equatable {
    public var requestedOn: LocalDate
    public var agreement: AgreementFacts

    public init(requestedOn: LocalDate, agreement: AgreementFacts) {
        self.requestedOn = requestedOn
        self.agreement = agreement
    }
}

public struct ClearPublicationReview: Sendable, Equatable {
    public var reviewer: PartyID
    public var clearedOn: LocalDate

    public init(reviewer: PartyID, clearedOn: LocalDate) {
        self.reviewer = reviewer
        self.clearedOn = clearedOn
    }
}

/// `agreement` is required when the output names one: its current IP terms say whether a
/// publication review applies.
public struct PublishOutput: Sendable, Equatable {
    public var publishedOn: LocalDate
    public var venue: String
    public var agreement: AgreementFacts?

    public init(publishedOn: LocalDate, venue: String, agreement: AgreementFacts? = nil) {
        self.publishedOn = publishedOn
        self.venue = venue
        self.agreement = agreement
    }
}

public struct WithdrawOutput: Sendable, Equatable {
    public var reason: String
    public var withdrawnOn: LocalDate

    public init(reason: String, withdrawnOn: LocalDate) {
        self.reason = reason
        self.withdrawnOn = withdrawnOn
    }
}

public enum OutputCommand: Sendable, Equatable {
    case register(RegisterOutput)
    case submitForValidation(SubmitOutputForValidation)
    case validate(ValidateOutput)
    case correct(CorrectOutput)
    case requestPublicationReview(RequestPublicationReview)
    case clearPublicationReview(ClearPublicationReview)
    case publish(PublishOutput)
    case withdraw(WithdrawOutput)
}
