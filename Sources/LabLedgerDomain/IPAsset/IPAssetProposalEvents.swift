/// A co-owner proposed an exclusive or sole licence; the proposer counts as consenting.
public struct LicenceProposed: VersionedEvent {
    public static let eventType = "LicenceProposed"
    public let licence: LicenceID
    public let proposedBy: PartyID
    public let licensee: PartyID
    public let exclusivity: Exclusivity
    public let fields: [FieldOfUse]
    public let territories: [Territory]
    public let term: DateRange
    public let sublicensable: Bool
    public let royalty: Royalty
    public let proposedOn: LocalDate
    public let expiresOn: LocalDate?

    public init(
        licence: LicenceID, proposedBy: PartyID, licensee: PartyID, exclusivity: Exclusivity, fields: [FieldOfUse],
        territories: [Territory], term: DateRange, sublicensable: Bool, royalty: Royalty, proposedOn: LocalDate, expiresOn: LocalDate?
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
    }
}

/// A co-owner consented to a proposed licence. When it is the last consent the same command
/// also records the `LicenceGranted`.
public struct LicenceConsentGiven: VersionedEvent {
    public static let eventType = "LicenceConsentGiven"
    public let licence: LicenceID
    public let by: PartyID
    public let consentedOn: LocalDate

    public init(licence: LicenceID, by: PartyID, consentedOn: LocalDate) {
        self.licence = licence
        self.by = by
        self.consentedOn = consentedOn
    }
}

/// An open proposal ended without a licence: withdrawn by its proposer or declined by a co-owner.
public struct LicenceProposalWithdrawn: VersionedEvent {
    public static let eventType = "LicenceProposalWithdrawn"
    public let licence: LicenceID
    public let by: PartyID
    public let withdrawnOn: LocalDate
    public let reason: String

    public init(licence: LicenceID, by: PartyID, withdrawnOn: LocalDate, reason: String) {
        self.licence = licence
        self.by = by
        self.withdrawnOn = withdrawnOn
        self.reason = reason
    }
}
