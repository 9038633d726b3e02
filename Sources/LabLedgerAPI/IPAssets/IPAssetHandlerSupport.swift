import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    /// A party key sees an asset only when its party is a party to it (`Facts.assetParties`);
    /// anything else is a 404, so the asset's existence does not leak.
    func requireAssetVisible(_ principal: Principal, _ state: IPAssetState, _ what: String) async throws {
        guard principal.party != nil else { return }
        try Access.requireVisible(principal, parties: try await facts.assetParties(state), what: what)
    }

    /// A patent record (filing, grant, lapse): by a keeper, or by the key of an owner that sees
    /// the asset.
    func runAsOwner(_ principal: Principal, _ id: IPAssetID, _ stream: StreamName, _ command: IPAssetCommand) async throws -> CommandOutcome {
        let what = "IP asset '\(id)'"
        return try await runCommand(IPAssetDecider.self, stream: stream, creates: false, what: what) { state in
            try await requireAssetVisible(principal, state, what)
            try requireOwnerKey(principal, state)
            return Decision(command: command)
        }
    }

    /// A sponsor's decision on its option (exercise, decline): by a keeper, or by the key of the
    /// party named in `/by`, which must see the asset.
    func runAsSponsor(
        _ principal: Principal, _ id: IPAssetID, _ stream: StreamName, by: PartyID, _ command: IPAssetCommand
    ) async throws -> CommandOutcome {
        let what = "IP asset '\(id)'"
        return try await runCommand(IPAssetDecider.self, stream: stream, creates: false, what: what) { state in
            try await requireAssetVisible(principal, state, what)
            try Access.requireActingAs(principal, by, field: "/by")
            return Decision(command: command)
        }
    }

    /// Patent filings are recorded by the universities of the owners (and the keepers).
    func requireOwnerKey(_ principal: Principal, _ state: IPAssetState) throws {
        guard let party = principal.party, !state.owners.contains(party) else { return }
        throw Problem.forbidden("This key acts for '\(party)', which owns no share of this asset; only an owner records its patents.")
    }

    /// What only a co-owner does with a licence proposal, for `requireCoOwnerActing`'s 403.
    static let proposalSteps = "proposes, consents to or withdraws a licence proposal"

    /// The conventions of every co-owner's party command (proposals, consents, offers), in
    /// order: an asset the key's party does not see is a 404 (an offer does not make it visible
    /// to write to); naming another party is a 403 (a co-owner speaks for itself, or the consent
    /// rule would be one party's say-so); a party that sees the asset but owns no share of it is
    /// a 403, saying what only a co-owner `doing`s (except `orProposer`, the proposer
    /// withdrawing its own proposal). Keepers pass, and the domain judges the party they name (422).
    func requireCoOwnerActing(
        _ principal: Principal, as party: PartyID, field: String, _ state: IPAssetState, _ what: String, doing: String,
        orProposer proposer: PartyID? = nil
    ) async throws {
        try await requireAssetVisible(principal, state, what)
        try Access.requireActingAs(principal, party, field: field)
        guard let own = principal.party, !state.owners.contains(own), own != proposer else { return }
        throw Problem.forbidden("This key acts for '\(own)', which owns no share of this asset; only a co-owner \(doing).")
    }
}

extension Fields {
    /// `{currency, amount}`, each part at its own pointer.
    mutating func assetMoney(_ pointer: String, _ money: Components.Schemas.Money) -> Money? {
        let currency = value("\(pointer)/currency") { try CurrencyCode(parsing: money.currency) }
        guard let currency else { return nil }
        return value("\(pointer)/amount") { try Money(parsing: money.amount, currency: currency) }
    }

    mutating func basisPoints(_ pointer: String, _ value: Int) -> BasisPoints? {
        self.value(pointer) { try BasisPoints(value) }
    }
}

extension Exclusivity {
    init(_ exclusivity: Components.Schemas.Exclusivity) {
        switch exclusivity {
        case .exclusive: self = .exclusive
        case .sole: self = .sole
        case .nonExclusive: self = .nonExclusive
        }
    }
}

extension StreamName {
    static func ipAsset(parsing text: String, _ fields: inout Fields) -> (IPAssetID, StreamName)? {
        guard let id = fields.value("#path/assetId", { try IPAssetID(parsing: text) }) else { return nil }
        return (id, .ipAsset(id))
    }
}
