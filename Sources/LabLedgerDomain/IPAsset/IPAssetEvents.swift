/// The invention is disclosed to the lab: the start of the asset's stream.
public struct InventionDisclosed: VersionedEvent {
    public static let eventType = "InventionDisclosed"
    public let asset: IPAssetID
    public let lab: LabID
    public let agreement: AgreementID
    public let title: String
    public let inventors: [Inventor]
    public let fromOutputs: [OutputID]
    public let disclosedOn: LocalDate

    public init(
        asset: IPAssetID, lab: LabID, agreement: AgreementID, title: String, inventors: [Inventor], fromOutputs: [OutputID],
        disclosedOn: LocalDate
    ) {
        self.asset = asset
        self.lab = lab
        self.agreement = agreement
        self.title = title
        self.inventors = inventors
        self.fromOutputs = fromOutputs
        self.disclosedOn = disclosedOn
    }
}

public struct OwnershipDetermined: VersionedEvent {
    public static let eventType = "OwnershipDetermined"
    public let owners: [AssetOwner]
    public let determinedOn: LocalDate

    public init(owners: [AssetOwner], determinedOn: LocalDate) {
        self.owners = owners
        self.determinedOn = determinedOn
    }
}

/// A sponsor gets the first right to a licence in `fields` (worldwide) until `expiresOn`
/// (exclusive: the option is no longer open on that day). Options are numbered from 1 within
/// the asset, without gaps.
public struct OptionGranted: VersionedEvent {
    public static let eventType = "OptionGranted"
    public let option: Int
    public let sponsor: PartyID
    public let fields: [FieldOfUse]
    public let grantedOn: LocalDate
    public let expiresOn: LocalDate

    public init(option: Int, sponsor: PartyID, fields: [FieldOfUse], grantedOn: LocalDate, expiresOn: LocalDate) {
        self.option = option
        self.sponsor = sponsor
        self.fields = fields
        self.grantedOn = grantedOn
        self.expiresOn = expiresOn
    }
}

public struct OptionExercised: VersionedEvent {
    public static let eventType = "OptionExercised"
    public let option: Int
    public let exercisedOn: LocalDate

    public init(option: Int, exercisedOn: LocalDate) {
        self.option = option
        self.exercisedOn = exercisedOn
    }
}

public struct OptionDeclined: VersionedEvent {
    public static let eventType = "OptionDeclined"
    public let option: Int
    public let declinedOn: LocalDate

    public init(option: Int, declinedOn: LocalDate) {
        self.option = option
        self.declinedOn = declinedOn
    }
}

/// Recorded by a scheduler once an option passed its expiry undecided.
public struct OptionLapsed: VersionedEvent {
    public static let eventType = "OptionLapsed"
    public let option: Int
    public let lapsedOn: LocalDate

    public init(option: Int, lapsedOn: LocalDate) {
        self.option = option
        self.lapsedOn = lapsedOn
    }
}

public struct PatentApplicationFiled: VersionedEvent {
    public static let eventType = "PatentApplicationFiled"
    public let office: PatentOffice
    public let applicationNumber: PatentApplicationNumber
    public let filedOn: LocalDate

    public init(office: PatentOffice, applicationNumber: PatentApplicationNumber, filedOn: LocalDate) {
        self.office = office
        self.applicationNumber = applicationNumber
        self.filedOn = filedOn
    }
}

/// The application `applicationNumber` matured into the granted patent `patentNumber`.
public struct PatentGranted: VersionedEvent {
    public static let eventType = "PatentGranted"
    public let applicationNumber: PatentApplicationNumber
    public let patentNumber: PatentNumber
    public let grantedOn: LocalDate

    public init(applicationNumber: PatentApplicationNumber, patentNumber: PatentNumber, grantedOn: LocalDate) {
        self.applicationNumber = applicationNumber
        self.patentNumber = patentNumber
        self.grantedOn = grantedOn
    }
}

/// A granted patent stops being in force (fees unpaid, term ended, revoked).
public struct PatentLapsed: VersionedEvent {
    public static let eventType = "PatentLapsed"
    public let patentNumber: PatentNumber
    public let lapsedOn: LocalDate
    public let reason: String

    public init(patentNumber: PatentNumber, lapsedOn: LocalDate, reason: String) {
        self.patentNumber = patentNumber
        self.lapsedOn = lapsedOn
        self.reason = reason
    }
}

public struct OwnershipTransferred: VersionedEvent {
    public static let eventType = "OwnershipTransferred"
    public let from: PartyID
    public let to: PartyID
    public let shareBasisPoints: BasisPoints
    public let transferredOn: LocalDate

    public init(from: PartyID, to: PartyID, shareBasisPoints: BasisPoints, transferredOn: LocalDate) {
        self.from = from
        self.to = to
        self.shareBasisPoints = shareBasisPoints
        self.transferredOn = transferredOn
    }
}

/// A licence out of the asset. `licensors` are the co-owners granting it; `consents` the
/// co-owners who consented (every co-owner, for an exclusive or sole licence). The licence
/// covers `fields` × `territories` × `term`.
public struct LicenceGranted: VersionedEvent {
    public static let eventType = "LicenceGranted"
    public let licence: LicenceID
    public let licensee: PartyID
    public let licensors: [PartyID]
    public let consents: [PartyID]
    public let exclusivity: Exclusivity
    public let fields: [FieldOfUse]
    public let territories: [Territory]
    public let term: DateRange
    public let sublicensable: Bool
    public let royalty: Royalty
    public let grantedOn: LocalDate

    public init(
        licence: LicenceID, licensee: PartyID, licensors: [PartyID], consents: [PartyID], exclusivity: Exclusivity,
        fields: [FieldOfUse], territories: [Territory], term: DateRange, sublicensable: Bool, royalty: Royalty, grantedOn: LocalDate
    ) {
        self.licence = licence
        self.licensee = licensee
        self.licensors = licensors
        self.consents = consents
        self.exclusivity = exclusivity
        self.fields = fields
        self.territories = territories
        self.term = term
        self.sublicensable = sublicensable
        self.royalty = royalty
        self.grantedOn = grantedOn
    }
}

/// The licensee's royalty report for one closed period.
public struct RoyaltyReported: VersionedEvent {
    public static let eventType = "RoyaltyReported"
    public let licence: LicenceID
    public let period: DateRange
    public let netSales: Money
    public let royaltyDue: Money
    public let reportedOn: LocalDate

    public init(licence: LicenceID, period: DateRange, netSales: Money, royaltyDue: Money, reportedOn: LocalDate) {
        self.licence = licence
        self.period = period
        self.netSales = netSales
        self.royaltyDue = royaltyDue
        self.reportedOn = reportedOn
    }
}

/// A payment against the royalty reported for `period`; `reference` is unique per licence.
public struct RoyaltyPaid: VersionedEvent {
    public static let eventType = "RoyaltyPaid"
    public let licence: LicenceID
    public let period: DateRange
    public let amount: Money
    public let paidOn: LocalDate
    public let reference: String

    public init(licence: LicenceID, period: DateRange, amount: Money, paidOn: LocalDate, reference: String) {
        self.licence = licence
        self.period = period
        self.amount = amount
        self.paidOn = paidOn
        self.reference = reference
    }
}

/// The licence ends on `effectiveOn`; from that day its slice is free again.
public struct LicenceTerminated: VersionedEvent {
    public static let eventType = "LicenceTerminated"
    public let licence: LicenceID
    public let effectiveOn: LocalDate
    public let reason: String

    public init(licence: LicenceID, effectiveOn: LocalDate, reason: String) {
        self.licence = licence
        self.effectiveOn = effectiveOn
        self.reason = reason
    }
}

public enum IPAssetEvent: Sendable, Equatable {
    case inventionDisclosed(InventionDisclosed)
    case ownershipDetermined(OwnershipDetermined)
    case optionGranted(OptionGranted)
    case optionExercised(OptionExercised)
    case optionDeclined(OptionDeclined)
    case optionLapsed(OptionLapsed)
    case patentApplicationFiled(PatentApplicationFiled)
    case patentGranted(PatentGranted)
    case patentLapsed(PatentLapsed)
    case ownershipTransferred(OwnershipTransferred)
    case licenceGranted(LicenceGranted)
    case royaltyReported(RoyaltyReported)
    case royaltyPaid(RoyaltyPaid)
    case licenceTerminated(LicenceTerminated)
    case licenceProposed(LicenceProposed)
    case licenceConsentGiven(LicenceConsentGiven)
    case licenceProposalWithdrawn(LicenceProposalWithdrawn)
    case offeredForLicensing(IPAssetOfferedForLicensing)
    case offerWithdrawn(IPAssetOfferWithdrawn)
}
