public enum IPAssetEventCodec: EventCodec {
    public static let eventTypes = [
        InventionDisclosed.eventType, OwnershipDetermined.eventType, OptionGranted.eventType, OptionExercised.eventType,
        OptionDeclined.eventType, OptionLapsed.eventType, PatentApplicationFiled.eventType, PatentGranted.eventType,
        PatentLapsed.eventType, OwnershipTransferred.eventType, LicenceGranted.eventType, RoyaltyReported.eventType,
        RoyaltyPaid.eventType, LicenceTerminated.eventType, LicenceProposed.eventType, LicenceConsentGiven.eventType,
        LicenceProposalWithdrawn.eventType, IPAssetOfferedForLicensing.eventType, IPAssetOfferWithdrawn.eventType,
    ]

    public static func encode(_ event: IPAssetEvent) throws -> EncodedEvent {
        switch event {
        case .inventionDisclosed(let event): try EventJSON.encode(event)
        case .ownershipDetermined(let event): try EventJSON.encode(event)
        case .optionGranted(let event): try EventJSON.encode(event)
        case .optionExercised(let event): try EventJSON.encode(event)
        case .optionDeclined(let event): try EventJSON.encode(event)
        case .optionLapsed(let event): try EventJSON.encode(event)
        case .patentApplicationFiled(let event): try EventJSON.encode(event)
        case .patentGranted(let event): try EventJSON.encode(event)
        case .patentLapsed(let event): try EventJSON.encode(event)
        case .ownershipTransferred(let event): try EventJSON.encode(event)
        case .licenceGranted(let event): try EventJSON.encode(event)
        case .royaltyReported(let event): try EventJSON.encode(event)
        case .royaltyPaid(let event): try EventJSON.encode(event)
        case .licenceTerminated(let event): try EventJSON.encode(event)
        case .licenceProposed(let event): try EventJSON.encode(event)
        case .licenceConsentGiven(let event): try EventJSON.encode(event)
        case .licenceProposalWithdrawn(let event): try EventJSON.encode(event)
        case .offeredForLicensing(let event): try EventJSON.encode(event)
        case .offerWithdrawn(let event): try EventJSON.encode(event)
        }
    }

    public static func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> IPAssetEvent {
        switch encoded.type {
        case InventionDisclosed.eventType: .inventionDisclosed(try EventJSON.decode(InventionDisclosed.self, from: encoded))
        case OwnershipDetermined.eventType: .ownershipDetermined(try EventJSON.decode(OwnershipDetermined.self, from: encoded))
        case OptionGranted.eventType: .optionGranted(try EventJSON.decode(OptionGranted.self, from: encoded))
        case OptionExercised.eventType: .optionExercised(try EventJSON.decode(OptionExercised.self, from: encoded))
        case OptionDeclined.eventType: .optionDeclined(try EventJSON.decode(OptionDeclined.self, from: encoded))
        case OptionLapsed.eventType: .optionLapsed(try EventJSON.decode(OptionLapsed.self, from: encoded))
        case PatentApplicationFiled.eventType: .patentApplicationFiled(try EventJSON.decode(PatentApplicationFiled.self, from: encoded))
        case PatentGranted.eventType: .patentGranted(try EventJSON.decode(PatentGranted.self, from: encoded))
        case PatentLapsed.eventType: .patentLapsed(try EventJSON.decode(PatentLapsed.self, from: encoded))
        case OwnershipTransferred.eventType: .ownershipTransferred(try EventJSON.decode(OwnershipTransferred.self, from: encoded))
        case LicenceGranted.eventType: .licenceGranted(try EventJSON.decode(LicenceGranted.self, from: encoded))
        case RoyaltyReported.eventType: .royaltyReported(try EventJSON.decode(RoyaltyReported.self, from: encoded))
        case RoyaltyPaid.eventType: .royaltyPaid(try EventJSON.decode(RoyaltyPaid.self, from: encoded))
        case LicenceTerminated.eventType: .licenceTerminated(try EventJSON.decode(LicenceTerminated.self, from: encoded))
        case LicenceProposed.eventType: .licenceProposed(try EventJSON.decode(LicenceProposed.self, from: encoded))
        case LicenceConsentGiven.eventType: .licenceConsentGiven(try EventJSON.decode(LicenceConsentGiven.self, from: encoded))
        case LicenceProposalWithdrawn.eventType: .licenceProposalWithdrawn(try EventJSON.decode(LicenceProposalWithdrawn.self, from: encoded))
        case IPAssetOfferedForLicensing.eventType: .offeredForLicensing(try EventJSON.decode(IPAssetOfferedForLicensing.self, from: encoded))
        case IPAssetOfferWithdrawn.eventType: .offerWithdrawn(try EventJSON.decode(IPAssetOfferWithdrawn.self, from: encoded))
        default: throw .unknownType(encoded.type)
        }
    }
}

extension IPAssetDecider: Aggregate {
    public typealias Codec = IPAssetEventCodec
}
