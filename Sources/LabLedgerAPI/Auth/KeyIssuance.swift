import EventStore
import LabLedgerDomain

extension APIKeyStore {
    /// Makes a key the way an operator asks for one (`labledger keys create`): a university or
    /// company key only for a party the ledger has registered, so a mistyped slug cannot mint a
    /// key that authenticates and then sees nothing.
    public func createForRegisteredParty(
        role: Principal.Role, party: PartyID?, label: String, store: PostgresEventStore
    ) async throws -> (key: APIKey, principal: Principal) {
        if let party, try await store.currentVersion(of: StreamName.party(party).rawValue) == 0 {
            throw PartyNotRegistered(party: party)
        }
        return try await create(role: role, party: party, label: label)
    }
}

public struct PartyNotRegistered: Error, Equatable, CustomStringConvertible {
    public let party: PartyID

    public init(party: PartyID) { self.party = party }

    public var description: String {
        "Party '\(party)' is not registered in this ledger; register it first (POST /v1/parties), then make its key."
    }
}
