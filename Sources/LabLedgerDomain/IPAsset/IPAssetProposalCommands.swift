/// A co-owner proposes an exclusive or sole licence; the other co-owners consent to it, each for
/// itself, and the consent that completes the set grants it (`IPAssetProposalDecide.swift`).
/// `licence` is the id the licence will carry once granted: proposals and licences share ids.
public struct ProposeLicence: Sendable, Equatable {
    public var licence: LicenceID
    public var proposedBy: PartyID
    public var licensee: PartyID
    public var exclusivity: Exclusivity
    public var fields: [FieldOfUse]
    public var territories: [Territory]
    public var term: DateRange
    public var sublicensable: Bool
    public var royalty: Royalty
    public var proposedOn: LocalDate
    /// The first day consents are no longer taken; nil for a proposal open until withdrawn.
    public var expiresOn: LocalDate?
    public var parties: KnownParties

    public init(
        licence: LicenceID, proposedBy: PartyID, licensee: PartyID, exclusivity: Exclusivity, fields: [FieldOfUse],
        territories: [Territory], term: DateRange, sublicensable: Bool = false, royalty: Royalty, proposedOn: LocalDate,
        expiresOn: LocalDate? = nil, parties: KnownParties
    ) {
        self.licence = licence
        self.proposedBy = proposedBy
        self.licensee = licensee
        self.exclusivity = exclusivity
        self.fields = fields
        self.territories = territories
        self.term = term
        self.sublicensable = sublicensable
        self.royalty = royalty
        self.proposedOn = proposedOn
        self.expiresOn = expiresOn
        self.parties = parties
    }
}

/// `by` is the co-owner consenting, for itself only.
public struct ConsentToLicence: Sendable, Equatable {
    public var licence: LicenceID
    public var by: PartyID
    public var consentedOn: LocalDate

    public init(licence: LicenceID, by: PartyID, consentedOn: LocalDate) {
        self.licence = licence
        self.by = by
        self.consentedOn = consentedOn
    }
}

/// The proposer, or any co-owner declining it, ends an open proposal.
public struct WithdrawLicenceProposal: Sendable, Equatable {
    public var licence: LicenceID
    public var by: PartyID
    public var withdrawnOn: LocalDate
    public var reason: String

    public init(licence: LicenceID, by: PartyID, withdrawnOn: LocalDate, reason: String) {
        self.licence = licence
        self.by = by
        self.withdrawnOn = withdrawnOn
        self.reason = reason
    }
}
