import LabLedgerDomain

/// Who may do what. Admins and operators run every command (they keep the ledger for all
/// parties); university and company keys run the commands their side takes, only for their own
/// party and only on what their party is a party to; auditors read everything and write nothing.
enum Access {
    /// The caller, if its role may run this command at all (403 otherwise).
    static func writer(_ roles: Set<Principal.Role>, to what: String) throws -> Principal {
        let principal = try RequestScope.current.requirePrincipal()
        guard principal.role == .admin || principal.role == .operator || roles.contains(principal.role) else {
            throw Problem.forbidden("\(IndefiniteArticle.before(principal.role.rawValue, capitalized: true)) key may not \(what).")
        }
        return principal
    }

    /// Any authenticated caller may read; what it sees is filtered by `involves`.
    static func reader() throws -> Principal {
        try RequestScope.current.requirePrincipal()
    }

    /// A party-bound caller sees only streams its party is a party to: anything else does not
    /// exist for it (404, so an asset's existence does not leak).
    static func requireVisible(_ principal: Principal, parties: some Sequence<PartyID>, what: String) throws {
        guard let party = principal.party else { return }
        guard parties.contains(party) else { throw Problem.notFound(what) }
    }

    /// A party-bound caller acts only as its own party.
    static func requireActingAs(_ principal: Principal, _ party: PartyID, field: String) throws {
        guard let own = principal.party, own != party else { return }
        throw Problem.forbidden("This key acts for '\(own)'; \(field) names '\(party)'.")
    }

    /// Commands that only a keeper of the ledger (admin, operator) runs.
    static let keepers: Set<Principal.Role> = []
    static let universities: Set<Principal.Role> = [.university]
    static let companies: Set<Principal.Role> = [.company]
    static let parties: Set<Principal.Role> = [.university, .company]
}
