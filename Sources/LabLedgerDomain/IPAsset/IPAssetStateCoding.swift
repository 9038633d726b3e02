/// JSON of the IP asset's state, for read models that keep it (and answer `availability` from
/// the stored copy). The same state always encodes to the same bytes under sorted keys: sets
/// and dictionaries are written as sorted arrays, never in hashing order.
extension IPAssetState {
    private enum CodingKeys: String, CodingKey {
        case id, lab, agreement, title, inventors, fromOutputs, disclosedOn, owners, ownershipDeterminedOn, options, applications, licences
        case proposals, offer
    }

    /// One entry of `ownerShares`. The share is a plain integer so that any state `evolve`
    /// produced can be written, whatever its history.
    private struct OwnerShare: Codable {
        let party: PartyID
        let shareBasisPoints: Int
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        id = try container.decodeIfPresent(IPAssetID.self, forKey: .id)
        lab = try container.decodeIfPresent(LabID.self, forKey: .lab)
        agreement = try container.decodeIfPresent(AgreementID.self, forKey: .agreement)
        title = try container.decode(String.self, forKey: .title)
        inventors = try container.decode([Inventor].self, forKey: .inventors)
        fromOutputs = try container.decode([OutputID].self, forKey: .fromOutputs)
        disclosedOn = try container.decodeIfPresent(LocalDate.self, forKey: .disclosedOn)
        for owner in try container.decode([OwnerShare].self, forKey: .owners) {
            guard ownerShares.updateValue(owner.shareBasisPoints, forKey: owner.party) == nil else {
                throw DecodingError.dataCorruptedError(forKey: .owners, in: container, debugDescription: "Owner '\(owner.party)' is listed twice.")
            }
        }
        ownershipDeterminedOn = try container.decodeIfPresent(LocalDate.self, forKey: .ownershipDeterminedOn)
        options = try container.decode([Option].self, forKey: .options)
        applications = try container.decode([PatentApplication].self, forKey: .applications)
        licences = try container.decode([Licence].self, forKey: .licences)
        // Absent from copies stored before proposals existed, and from states without any.
        proposals = try container.decodeIfPresent([LicenceProposal].self, forKey: .proposals) ?? []
        // Absent from copies stored before offers existed, and while the asset is not on offer.
        offer = try container.decodeIfPresent(LicensingOffer.self, forKey: .offer)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(lab, forKey: .lab)
        try container.encodeIfPresent(agreement, forKey: .agreement)
        try container.encode(title, forKey: .title)
        try container.encode(inventors, forKey: .inventors)
        try container.encode(fromOutputs, forKey: .fromOutputs)
        try container.encodeIfPresent(disclosedOn, forKey: .disclosedOn)
        let owners = ownerShares.sorted { $0.key.rawValue < $1.key.rawValue }.map { OwnerShare(party: $0.key, shareBasisPoints: $0.value) }
        try container.encode(owners, forKey: .owners)
        try container.encodeIfPresent(ownershipDeterminedOn, forKey: .ownershipDeterminedOn)
        try container.encode(options, forKey: .options)
        try container.encode(applications, forKey: .applications)
        try container.encode(licences, forKey: .licences)
        // Written only when there are proposals, so a state without any keeps the bytes it had
        // before proposals existed (stored read-model documents compare equal on rebuild).
        if !proposals.isEmpty { try container.encode(proposals, forKey: .proposals) }
        // Likewise: an asset never offered keeps the bytes it had before offers existed.
        try container.encodeIfPresent(offer, forKey: .offer)
    }
}

extension IPAssetState.Option.Resolution {
    private enum CodingKeys: String, CodingKey { case status, on }

    /// `{"status": "exercised" | "declined" | "lapsed", "on": "YYYY-MM-DD"}`.
    public var status: String {
        switch self {
        case .exercised: "exercised"
        case .declined: "declined"
        case .lapsed: "lapsed"
        }
    }

    public var date: LocalDate {
        switch self {
        case .exercised(let on), .declined(let on), .lapsed(let on): on
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let on = try container.decode(LocalDate.self, forKey: .on)
        switch try container.decode(String.self, forKey: .status) {
        case "exercised": self = .exercised(on: on)
        case "declined": self = .declined(on: on)
        case "lapsed": self = .lapsed(on: on)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .status, in: container, debugDescription: "'\(other)' is not an option resolution.")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(date, forKey: .on)
    }
}

extension IPAssetState.Licence {
    private enum CodingKeys: String, CodingKey {
        case id, licensee, licensors, exclusivity, fields, territories, term, sublicensable, royalty, grantedOn, terminatedOn, reports
        case paymentReferences
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(LicenceID.self, forKey: .id),
            licensee: try container.decode(PartyID.self, forKey: .licensee),
            licensors: try container.decode([PartyID].self, forKey: .licensors),
            exclusivity: try container.decode(Exclusivity.self, forKey: .exclusivity),
            fields: try container.decode([FieldOfUse].self, forKey: .fields),
            territories: try container.decode([Territory].self, forKey: .territories),
            term: try container.decode(DateRange.self, forKey: .term),
            sublicensable: try container.decode(Bool.self, forKey: .sublicensable),
            royalty: try container.decode(Royalty.self, forKey: .royalty),
            grantedOn: try container.decode(LocalDate.self, forKey: .grantedOn),
            terminatedOn: try container.decodeIfPresent(LocalDate.self, forKey: .terminatedOn),
            reports: try container.decode([IPAssetState.RoyaltyReport].self, forKey: .reports),
            paymentReferences: Set(try container.decode([String].self, forKey: .paymentReferences)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(licensee, forKey: .licensee)
        try container.encode(licensors, forKey: .licensors)
        try container.encode(exclusivity, forKey: .exclusivity)
        try container.encode(fields, forKey: .fields)
        try container.encode(territories, forKey: .territories)
        try container.encode(term, forKey: .term)
        try container.encode(sublicensable, forKey: .sublicensable)
        try container.encode(royalty, forKey: .royalty)
        try container.encode(grantedOn, forKey: .grantedOn)
        try container.encodeIfPresent(terminatedOn, forKey: .terminatedOn)
        try container.encode(reports, forKey: .reports)
        try container.encode(paymentReferences.sorted(), forKey: .paymentReferences)
    }
}
