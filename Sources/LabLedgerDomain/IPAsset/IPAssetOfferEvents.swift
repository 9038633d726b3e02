/// The asset is offered for licensing in `fields` × `territories` from `offeredOn`, exclusively
/// too when `exclusivityOffered`. Public: any authenticated company sees it with the asset's
/// public summary, and may ask the asset's availability inside it.
public struct IPAssetOfferedForLicensing: VersionedEvent {
    public static let eventType = "IPAssetOfferedForLicensing"
    public let offeredBy: PartyID
    public let fields: [FieldOfUse]
    public let territories: [Territory]
    public let exclusivityOffered: Bool
    public let offeredOn: LocalDate

    public init(offeredBy: PartyID, fields: [FieldOfUse], territories: [Territory], exclusivityOffered: Bool, offeredOn: LocalDate) {
        self.offeredBy = offeredBy
        self.fields = fields
        self.territories = territories
        self.exclusivityOffered = exclusivityOffered
        self.offeredOn = offeredOn
    }
}

/// The offer ends: the asset leaves the listing and is again invisible to parties not party to it.
public struct IPAssetOfferWithdrawn: VersionedEvent {
    public static let eventType = "IPAssetOfferWithdrawn"
    public let by: PartyID
    public let withdrawnOn: LocalDate
    public let reason: String

    public init(by: PartyID, withdrawnOn: LocalDate, reason: String) {
        self.by = by
        self.withdrawnOn = withdrawnOn
        self.reason = reason
    }
}
