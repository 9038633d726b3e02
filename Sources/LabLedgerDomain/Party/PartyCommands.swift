public struct RegisterParty: Sendable, Equatable {
    public var party: PartyID
    public var name: String
    public var kind: PartyKind
    public var ror: ROR?
    public var country: CountryCode

    public init(party: PartyID, name: String, kind: PartyKind, ror: ROR? = nil, country: CountryCode) {
        self.party = party
        self.name = name
        self.kind = kind
        self.ror = ror
        self.country = country
    }
}

public struct CorrectPartyDetails: Sendable, Equatable {
    public var name: String
    public var kind: PartyKind
    public var ror: ROR?
    public var country: CountryCode
    public var reason: String

    public init(name: String, kind: PartyKind, ror: ROR?, country: CountryCode, reason: String) {
        self.name = name
        self.kind = kind
        self.ror = ror
        self.country = country
        self.reason = reason
    }
}

public enum PartyCommand: Sendable, Equatable {
    case register(RegisterParty)
    case correctDetails(CorrectPartyDetails)
}
