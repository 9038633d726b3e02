import LabLedgerDomain

/// The domain's lab state plus what it forgets: when each member came and went, and who sits
/// on the advisory board.
struct DirectoryLabDocument: Codable, Sendable, Equatable {
    /// One spell of membership; a party that left and was admitted again has two.
    struct Membership: Codable, Sendable, Equatable {
        let party: PartyID
        let role: PartyRole
        let founder: Bool
        let admittedOn: LocalDate
        var departedOn: LocalDate?
        var departureReason: String?
    }

    struct Advisor: Codable, Sendable, Equatable {
        let person: PersonID
        let orcid: ORCID?
        let expertise: String
        let appointedOn: LocalDate
        let personalData: PersonalData
    }

    var state: LabState
    /// In admission order, founders first.
    var memberships: [Membership]
    /// In appointment order.
    var advisors: [Advisor]
    var dissolutionReason: String?
    var stamp: LedgerStamp
}
