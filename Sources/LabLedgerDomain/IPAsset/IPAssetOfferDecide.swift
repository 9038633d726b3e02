/// Offering an asset for licensing: only a current owner offers or withdraws (keepers record it
/// naming one), once ownership is determined, while something of it can still be licensed (not
/// once every patent granted has lapsed with none pending), one offer at a time.
extension IPAssetDecider {
    static func offer(_ c: OfferForLicensing, _ state: IPAssetState) throws(DomainError) -> [IPAssetEvent] {
        let determinedOn = try requireOwnership(state)
        try Rule.require(state.owners.contains(c.by), code: "ipasset.offer-by-non-owner",
            "'\(c.by)' owns no share of this asset; only a co-owner offers it for licensing.")
        if let current = state.offer {
            throw DomainError(code: "ipasset.already-on-offer",
                message: "The asset is on offer since \(current.offeredOn); withdraw that offer before making another.")
        }
        try Rule.require(!state.allPatentsLapsed, code: "ipasset.offer-of-lapsed-asset",
            "Every patent granted for this asset has lapsed and no application is pending; nothing is left to license.")
        try checkFields(c.fields)
        try Rule.require(!c.territories.isEmpty, code: "ipasset.territories-required", "Name at least one territory (or WORLD).")
        if let duplicate = Rule.firstDuplicate(c.territories) {
            throw DomainError(code: "ipasset.duplicate-territory", message: "Territory '\(duplicate)' is named twice.")
        }
        try requireNotBefore(c.offeredOn, determinedOn, code: "ipasset.date-before-ownership", "ownership determination")
        return [.offeredForLicensing(IPAssetOfferedForLicensing(
            offeredBy: c.by, fields: c.fields, territories: c.territories, exclusivityOffered: c.exclusivityOffered, offeredOn: c.offeredOn))]
    }

    static func withdrawOffer(_ c: WithdrawLicensingOffer, _ state: IPAssetState) throws(DomainError) -> [IPAssetEvent] {
        guard let current = state.offer else {
            throw DomainError(code: "ipasset.not-on-offer", message: "The asset is not on offer for licensing.")
        }
        try Rule.require(state.owners.contains(c.by), code: "ipasset.offer-withdrawal-by-non-owner",
            "'\(c.by)' owns no share of this asset; only a co-owner withdraws its offer.")
        try Rule.requireText(c.reason, .reason, code: "ipasset.reason-required", "A withdrawal states its reason.")
        try requireNotBefore(c.withdrawnOn, current.offeredOn, code: "ipasset.date-before-offer", "offer")
        return [.offerWithdrawn(IPAssetOfferWithdrawn(by: c.by, withdrawnOn: c.withdrawnOn, reason: c.reason))]
    }
}
