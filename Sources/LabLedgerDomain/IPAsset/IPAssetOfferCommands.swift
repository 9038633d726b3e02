/// A current owner puts the asset on the licensing market: what is offered (fields ×
/// territories, whether an exclusive licence is open to discussion), never on which terms.
/// `by` is the owner recording it, the contact prospective licensees see.
public struct OfferForLicensing: Sendable, Equatable {
    public var by: PartyID
    public var fields: [FieldOfUse]
    public var territories: [Territory]
    public var exclusivityOffered: Bool
    public var offeredOn: LocalDate

    public init(by: PartyID, fields: [FieldOfUse], territories: [Territory], exclusivityOffered: Bool, offeredOn: LocalDate) {
        self.by = by
        self.fields = fields
        self.territories = territories
        self.exclusivityOffered = exclusivityOffered
        self.offeredOn = offeredOn
    }
}

/// A current owner takes the asset off the market.
public struct WithdrawLicensingOffer: Sendable, Equatable {
    public var by: PartyID
    public var withdrawnOn: LocalDate
    public var reason: String

    public init(by: PartyID, withdrawnOn: LocalDate, reason: String) {
        self.by = by
        self.withdrawnOn = withdrawnOn
        self.reason = reason
    }
}
