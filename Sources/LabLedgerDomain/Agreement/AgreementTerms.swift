public enum AgreementKind: String, Sendable, Hashable, Codable, CaseIterable {
    case mou
    case jointLabAgreement = "joint_lab_agreement"
    case sponsoredResearch = "sponsored_research"
    case acceleratorCharter = "accelerator_charter"
}

public struct AgreementParty: Sendable, Hashable, Codable {
    public let party: PartyID
    public let role: PartyRole

    public init(party: PartyID, role: PartyRole) {
        self.party = party
        self.role = role
    }
}

/// One party's part of the costs the agreement covers.
public struct CostShare: Sendable, Hashable, Codable {
    public let party: PartyID
    public let basisPoints: BasisPoints

    public init(party: PartyID, basisPoints: BasisPoints) {
        self.party = party
        self.basisPoints = basisPoints
    }
}

public enum IPOwnership: String, Sendable, Hashable, Codable, CaseIterable {
    /// Results are owned jointly by the parties.
    case joint
    case university
    case sponsor
    /// Each inventor's employer owns its inventor's share.
    case byInventorship = "by_inventorship"
}

/// What the agreement says about intellectual property: who owns results, how long a sponsor
/// may decide on an option, and how long a sponsor may review a paper before publication.
public struct IPTerms: Sendable, Hashable, Codable {
    public let ownership: IPOwnership
    public let sponsorOptionDays: Int
    public let publicationReviewDays: Int

    public init(ownership: IPOwnership, sponsorOptionDays: Int, publicationReviewDays: Int) {
        self.ownership = ownership
        self.sponsorOptionDays = sponsorOptionDays
        self.publicationReviewDays = publicationReviewDays
    }
}

/// What an amendment changes. Every change is optional, but an amendment changes something.
public struct AmendmentChanges: Sendable, Hashable, Codable {
    public let summary: String
    public let costShares: [CostShare]?
    /// A new term; it keeps the original start (an amendment cannot move history).
    public let term: DateRange?
    public let ipTerms: IPTerms?

    public init(summary: String, costShares: [CostShare]? = nil, term: DateRange? = nil, ipTerms: IPTerms? = nil) {
        self.summary = summary
        self.costShares = costShares
        self.term = term
        self.ipTerms = ipTerms
    }
}
