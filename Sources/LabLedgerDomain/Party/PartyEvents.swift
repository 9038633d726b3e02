public enum PartyKind: String, Sendable, Hashable, Codable, CaseIterable {
    case university
    case company
    case publicBody = "public_body"
    case fund
    case startup
}

/// A university, company, public body, fund or startup enters the ledger.
public struct PartyRegistered: VersionedEvent {
    public static let eventType = "PartyRegistered"
    public let party: PartyID
    public let name: String
    public let kind: PartyKind
    public let ror: ROR?
    public let country: CountryCode

    public init(party: PartyID, name: String, kind: PartyKind, ror: ROR?, country: CountryCode) {
        self.party = party
        self.name = name
        self.kind = kind
        self.ror = ror
        self.country = country
    }
}

/// A registration was wrong (a misspelt name, a missing ROR id). Nothing is edited: this event
/// states the corrected details in full and why, and the history keeps both.
public struct PartyDetailsCorrected: VersionedEvent {
    public static let eventType = "PartyDetailsCorrected"
    public let name: String
    public let kind: PartyKind
    public let ror: ROR?
    public let country: CountryCode
    public let reason: String

    public init(name: String, kind: PartyKind, ror: ROR?, country: CountryCode, reason: String) {
        self.name = name
        self.kind = kind
        self.ror = ror
        self.country = country
        self.reason = reason
    }
}

public enum PartyEvent: Sendable, Equatable {
    case registered(PartyRegistered)
    case detailsCorrected(PartyDetailsCorrected)
}
