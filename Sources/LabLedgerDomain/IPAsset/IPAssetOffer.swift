extension IPAssetState {
    /// What the owners offer for licensing: public to every authenticated key while it stands.
    public struct LicensingOffer: Sendable, Equatable, Codable {
        public let offeredBy: PartyID
        public let fields: [FieldOfUse]
        public let territories: [Territory]
        public let exclusivityOffered: Bool
        public let offeredOn: LocalDate

        init(_ e: IPAssetOfferedForLicensing) {
            offeredBy = e.offeredBy
            fields = e.fields
            territories = e.territories
            exclusivityOffered = e.exclusivityOffered
            offeredOn = e.offeredOn
        }
    }

    /// Every patent granted has lapsed and none is pending: nothing is left to license.
    public var allPatentsLapsed: Bool {
        !applications.isEmpty && applications.allSatisfy { $0.patent != nil && $0.lapsedOn != nil }
    }

    /// The availability a prospective licensee that is not a party to the asset may see, on an
    /// asset on offer (nil when it is not: the asker learns nothing then, not even that it exists).
    /// Outside the offer (field, territory, or exclusivity the owners do not offer) the answer
    /// is the offer's limit alone, without looking at licences and options; a day before the
    /// offer, or an asset whose every patent has lapsed, is answered by that alone. Inside it, a
    /// slice conflict is answered by its code (which tells whether the blocker is exclusive),
    /// what kind of thing blocks (a licence or an option) and the day it ends or was terminated —
    /// never which licence or option, whose it is, or its royalty terms.
    public func offeredAvailability(
        asker: PartyID, exclusivity: Exclusivity, field: FieldOfUse, territory: Territory, on date: LocalDate
    ) -> [RedactedAvailabilityReason]? {
        guard let offer else { return nil }
        // Before the offer the owners offered nothing: answering on such a day would tell a
        // stranger which licences and options stood then.
        if date < offer.offeredOn {
            return [RedactedAvailabilityReason(code: "ipasset.date-not-offered",
                detail: "The asset is on offer from \(offer.offeredOn); ask about a day on or after it.", blockedBy: nil, until: nil)]
        }
        if allPatentsLapsed {
            return [RedactedAvailabilityReason(code: "ipasset.offer-of-lapsed-asset",
                detail: "Every patent granted for this asset has lapsed and no application is pending; nothing is left to license.",
                blockedBy: nil, until: nil)]
        }
        var reasons: [RedactedAvailabilityReason] = []
        if !offer.fields.contains(where: { $0 == field || $0 == .allFields }) {
            reasons.append(RedactedAvailabilityReason(code: "ipasset.field-not-offered",
                detail: "The owners do not offer \(field) for licensing; they offer \(offer.fields.map(\.rawValue).joined(separator: ", ")).",
                blockedBy: nil, until: nil))
        }
        if !offer.territories.contains(where: { $0.covers(territory) }) {
            reasons.append(RedactedAvailabilityReason(code: "ipasset.territory-not-offered",
                detail: "The owners do not offer \(territory) for licensing; they offer \(offer.territories.map(\.rawValue).joined(separator: ", ")).",
                blockedBy: nil, until: nil))
        }
        if exclusivity.reservesSlice && !offer.exclusivityOffered {
            reasons.append(RedactedAvailabilityReason(code: "ipasset.exclusivity-not-offered",
                detail: "The owners offer non-exclusive licences only.", blockedBy: nil, until: nil))
        }
        if !reasons.isEmpty { return reasons }
        guard case .unavailable(let conflict) = availability(licensee: asker, exclusivity: exclusivity, field: field, territory: territory, on: date) else {
            return []
        }
        let until = conflict.until.map { "until \($0)" } ?? "with no end date"
        let (kind, detail): (RedactedAvailabilityReason.Blocker, String) = switch conflict.blockedBy {
        case .licence: (.licence, "An existing licence covers \(field) in \(territory) on \(date), \(until).")
        case .option: (.option, "An open option reserves \(field) on \(date), \(until).")
        }
        return [RedactedAvailabilityReason(code: conflict.code, detail: detail, blockedBy: kind, until: conflict.until)]
    }
}

/// One reason of a redacted availability answer: the rule's code, a detail naming nobody, what
/// kind of thing blocks and the first day it no longer does (nil: no end date).
public struct RedactedAvailabilityReason: Sendable, Equatable {
    public enum Blocker: String, Sendable, Equatable {
        case licence, option
    }

    public let code: String
    public let detail: String
    public let blockedBy: Blocker?
    public let until: LocalDate?
}
