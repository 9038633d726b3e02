public enum OutputKind: String, Sendable, Hashable, Codable, CaseIterable {
    case paper
    case patent
    case software
    case dataset
}

/// A contributor named by ORCID iD with what they did, in CRediT roles. No name is stored: the
/// ORCID record is the public source of it, so the output's history holds no personal data.
public struct OutputContributor: Sendable, Hashable, Codable {
    public let orcid: ORCID
    public let creditRoles: [CreditRole]

    public init(orcid: ORCID, creditRoles: [CreditRole]) {
        self.orcid = orcid
        self.creditRoles = creditRoles
    }
}

/// A paper, patent, software release or dataset enters the ledger. `date` is the output's own
/// date (submission, release or deposit); `agreement` is the agreement it was produced under,
/// whose IP terms may impose a publication review.
public struct OutputRegistered: VersionedEvent {
    public static let eventType = "OutputRegistered"
    public let output: OutputID
    public let lab: LabID
    public let kind: OutputKind
    public let title: String
    public let doi: DOI?
    public let contributors: [OutputContributor]
    public let affiliations: [PartyID]
    public let agreement: AgreementID?
    public let date: LocalDate

    public init(
        output: OutputID, lab: LabID, kind: OutputKind, title: String, doi: DOI?, contributors: [OutputContributor],
        affiliations: [PartyID], agreement: AgreementID?, date: LocalDate
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
    }
}

public struct OutputSubmittedForValidation: VersionedEvent {
    public static let eventType = "OutputSubmittedForValidation"
    public let submittedOn: LocalDate

    public init(submittedOn: LocalDate) { self.submittedOn = submittedOn }
}

/// A member party of the lab (usually the university) confirms the record is accurate.
public struct OutputValidated: VersionedEvent {
    public static let eventType = "OutputValidated"
    public let validatedBy: PartyID
    public let validatedOn: LocalDate

    public init(validatedBy: PartyID, validatedOn: LocalDate) {
        self.validatedBy = validatedBy
        self.validatedOn = validatedOn
    }
}

/// The record was wrong. The event states the corrected parts in full (nil: unchanged) and why;
/// the original registration stays in the history. `revalidationRequired` is true when the
/// output had been validated: what was validated is no longer what the record says.
public struct OutputCorrected: VersionedEvent {
    public static let eventType = "OutputCorrected"
    public let reason: String
    public let correctedOn: LocalDate
    public let title: String?
    public let doi: DOI?
    public let contributors: [OutputContributor]?
    public let affiliations: [PartyID]?
    public let revalidationRequired: Bool

    public init(
        reason: String, correctedOn: LocalDate, title: String?, doi: DOI?, contributors: [OutputContributor]?,
        affiliations: [PartyID]?, revalidationRequired: Bool
    ) {
        self.reason = reason
        self.correctedOn = correctedOn
        self.title = title
        self.doi = doi
        self.contributors = contributors
        self.affiliations = affiliations
        self.revalidationRequired = revalidationRequired
    }
}

/// The output goes to the sponsoring parties for review under the agreement's publication-review
/// clause. `reviewEndsOn` is fixed when the review starts (requested + the clause's days), so a
/// later amendment of the clause does not move a window already running.
public struct PublicationReviewRequested: VersionedEvent {
    public static let eventType = "PublicationReviewRequested"
    public let reviewers: [PartyID]
    public let requestedOn: LocalDate
    public let reviewEndsOn: LocalDate

    public init(reviewers: [PartyID], requestedOn: LocalDate, reviewEndsOn: LocalDate) {
        self.reviewers = reviewers
        self.requestedOn = requestedOn
        self.reviewEndsOn = reviewEndsOn
    }
}

/// One reviewer clears the output for publication. The review is cleared once every reviewer has.
public struct PublicationReviewCleared: VersionedEvent {
    public static let eventType = "PublicationReviewCleared"
    public let reviewer: PartyID
    public let clearedOn: LocalDate

    public init(reviewer: PartyID, clearedOn: LocalDate) {
        self.reviewer = reviewer
        self.clearedOn = clearedOn
    }
}

/// The output is made public. Not in the domain's first event list, but the rule "publication
/// waits for clearance or the end of the review window" needs a fact to hold to it
/// (docs/domain.md, Research output).
public struct OutputPublished: VersionedEvent {
    public static let eventType = "OutputPublished"
    public let publishedOn: LocalDate
    public let venue: String

    public init(publishedOn: LocalDate, venue: String) {
        self.publishedOn = publishedOn
        self.venue = venue
    }
}

/// Final: a withdrawn output takes no more changes. Its DOI stays registered to it.
public struct OutputWithdrawn: VersionedEvent {
    public static let eventType = "OutputWithdrawn"
    public let reason: String
    public let withdrawnOn: LocalDate

    public init(reason: String, withdrawnOn: LocalDate) {
        self.reason = reason
        self.withdrawnOn = withdrawnOn
    }
}

public enum OutputEvent: Sendable, Equatable {
    case registered(OutputRegistered)
    case submittedForValidation(OutputSubmittedForValidation)
    case validated(OutputValidated)
    case corrected(OutputCorrected)
    case publicationReviewRequested(PublicationReviewRequested)
    case publicationReviewCleared(PublicationReviewCleared)
    case published(OutputPublished)
    case withdrawn(OutputWithdrawn)
}
