import LabLedgerDomain

/// Who calls: the holder of one API key. University and company keys act for one party.
public struct Principal: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable, Codable {
        case admin, `operator`, university, company, auditor
    }

    public let keyID: String
    public let role: Role
    public let party: PartyID?

    public init(keyID: String, role: Role, party: PartyID?) {
        self.keyID = keyID
        self.role = role
        self.party = party
    }

    /// Admins, operators and auditors see every party's data; a university or company sees
    /// only what its party is a party to.
    public var seesEverything: Bool { party == nil }

    /// How the principal is named in event metadata (`actor`): the key id and role, never the key.
    public var actor: String { "\(role.rawValue):\(keyID)" }
}
