public struct DiscloseInvention: Sendable, Equatable {
    public var asset: IPAssetID
    public var lab: LabID
    public var agreement: AgreementID
    public var title: String
    public var inventors: [Inventor]
    public var fromOutputs: [OutputID]
    public var disclosedOn: LocalDate
    public var facts: DisclosureFacts

    public init(
        asset: IPAssetID, lab: LabID, agreement: AgreementID, title: String, inventors: [Inventor], fromOutputs: [OutputID],
        disclosedOn: LocalDate, facts: DisclosureFacts
    ) {
        self.asset = asset
        self.lab = lab
        self.agreement = agreement
        self.title = title
        self.inventors = inventors
        self.fromOutputs = fromOutputs
        self.disclosedOn = disclosedOn
        self.facts = facts
    }
}

/// `agreement` is the asset's agreement as it stands now: owners are parties to it.
public struct DetermineOwnership: Sendable, Equatable {
    public var owners: [AssetOwner]
    public var determinedOn: LocalDate
    public var agreement: AgreementFacts

    public init(owners: [AssetOwner], determinedOn: LocalDate, agreement: AgreementFacts) {
        self.owners = owners
        self.determinedOn = determinedOn
        self.agreement = agreement
    }
}

/// `agreement` gives the option clause (`sponsorOptionDays`) and who is a sponsor.
public struct GrantOption: Sendable, Equatable {
    public var sponsor: PartyID
    public var fields: [FieldOfUse]
    public var grantedOn: LocalDate
    public var expiresOn: LocalDate
    public var agreement: AgreementFacts

    public init(sponsor: PartyID, fields: [FieldOfUse], grantedOn: LocalDate, expiresOn: LocalDate, agreement: AgreementFacts) {
        self.sponsor = sponsor
        self.fields = fields
        self.grantedOn = grantedOn
        self.expiresOn = expiresOn
        self.agreement = agreement
    }
}

/// `by` is the party deciding; only the option's sponsor may exercise or decline it.
public struct ExerciseOption: Sendable, Equatable {
    public var option: Int
    public var by: PartyID
    public var exercisedOn: LocalDate

    public init(option: Int, by: PartyID, exercisedOn: LocalDate) {
        self.option = option
        self.by = by
        self.exercisedOn = exercisedOn
    }
}

public struct DeclineOption: Sendable, Equatable {
    public var option: Int
    public var by: PartyID
    public var declinedOn: LocalDate

    public init(option: Int, by: PartyID, declinedOn: LocalDate) {
        self.option = option
        self.by = by
        self.declinedOn = declinedOn
    }
}

/// Recorded by a scheduler on or after the option's expiry.
public struct RecordOptionLapse: Sendable, Equatable {
    public var option: Int
    public var lapsedOn: LocalDate

    public init(option: Int, lapsedOn: LocalDate) {
        self.option = option
        self.lapsedOn = lapsedOn
    }
}

public struct FilePatentApplication: Sendable, Equatable {
    public var office: PatentOffice
    public var applicationNumber: PatentApplicationNumber
    public var filedOn: LocalDate

    public init(office: PatentOffice, applicationNumber: PatentApplicationNumber, filedOn: LocalDate) {
        self.office = office
        self.applicationNumber = applicationNumber
        self.filedOn = filedOn
    }
}

public struct RecordPatentGrant: Sendable, Equatable {
    public var applicationNumber: PatentApplicationNumber
    public var patentNumber: PatentNumber
    public var grantedOn: LocalDate

    public init(applicationNumber: PatentApplicationNumber, patentNumber: PatentNumber, grantedOn: LocalDate) {
        self.applicationNumber = applicationNumber
        self.patentNumber = patentNumber
        self.grantedOn = grantedOn
    }
}

public struct RecordPatentLapse: Sendable, Equatable {
    public var patentNumber: PatentNumber
    public var lapsedOn: LocalDate
    public var reason: String

    public init(patentNumber: PatentNumber, lapsedOn: LocalDate, reason: String) {
        self.patentNumber = patentNumber
        self.lapsedOn = lapsedOn
        self.reason = reason
    }
}

public struct TransferOwnership: Sendable, Equatable {
    public var from: PartyID
    public var to: PartyID
    public var shareBasisPoints: BasisPoints
    public var transferredOn: LocalDate
    public var parties: KnownParties

    public init(from: PartyID, to: PartyID, shareBasisPoints: BasisPoints, transferredOn: LocalDate, parties: KnownParties) {
        self.from = from
        self.to = to
        self.shareBasisPoints = shareBasisPoints
        self.transferredOn = transferredOn
        self.parties = parties
    }
}

/// `consents` names the co-owners who consented in writing; an exclusive or sole licence needs
/// every co-owner (licensors count as consenting by granting).
public struct GrantLicence: Sendable, Equatable {
    public var licence: LicenceID
    public var licensee: PartyID
    public var licensors: [PartyID]
    public var consents: [PartyID]
    public var exclusivity: Exclusivity
    public var fields: [FieldOfUse]
    public var territories: [Territory]
    public var term: DateRange
    public var sublicensable: Bool
    public var royalty: Royalty
    public var grantedOn: LocalDate
    public var parties: KnownParties

    public init(
        licence: LicenceID, licensee: PartyID, licensors: [PartyID], consents: [PartyID] = [], exclusivity: Exclusivity,
        fields: [FieldOfUse], territories: [Territory], term: DateRange, sublicensable: Bool = false, royalty: Royalty,
        grantedOn: LocalDate, parties: KnownParties
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
        self.parties = parties
    }
}

public struct ReportRoyalty: Sendable, Equatable {
    public var licence: LicenceID
    public var period: DateRange
    public var netSales: Money
    public var royaltyDue: Money
    public var reportedOn: LocalDate

    public init(licence: LicenceID, period: DateRange, netSales: Money, royaltyDue: Money, reportedOn: LocalDate) {
        self.licence = licence
        self.period = period
        self.netSales = netSales
        self.royaltyDue = royaltyDue
        self.reportedOn = reportedOn
    }
}

public struct RecordRoyaltyPayment: Sendable, Equatable {
    public var licence: LicenceID
    public var period: DateRange
    public var amount: Money
    public var paidOn: LocalDate
    public var reference: String

    public init(licence: LicenceID, period: DateRange, amount: Money, paidOn: LocalDate, reference: String) {
        self.licence = licence
        self.period = period
        self.amount = amount
        self.paidOn = paidOn
        self.reference = reference
    }
}

public struct TerminateLicence: Sendable, Equatable {
    public var licence: LicenceID
    public var effectiveOn: LocalDate
    public var reason: String

    public init(licence: LicenceID, effectiveOn: LocalDate, reason: String) {
        self.licence = licence
        self.effectiveOn = effectiveOn
        self.reason = reason
    }
}

public enum IPAssetCommand: Sendable, Equatable {
    case disclose(DiscloseInvention)
    case determineOwnership(DetermineOwnership)
    case grantOption(GrantOption)
    case exerciseOption(ExerciseOption)
    case declineOption(DeclineOption)
    case recordOptionLapse(RecordOptionLapse)
    case fileApplication(FilePatentApplication)
    case recordPatentGrant(RecordPatentGrant)
    case recordPatentLapse(RecordPatentLapse)
    case transferOwnership(TransferOwnership)
    case grantLicence(GrantLicence)
    case reportRoyalty(ReportRoyalty)
    case recordRoyaltyPayment(RecordRoyaltyPayment)
    case terminateLicence(TerminateLicence)
    case proposeLicence(ProposeLicence)
    case consentToLicence(ConsentToLicence)
    case withdrawLicenceProposal(WithdrawLicenceProposal)
    case offerForLicensing(OfferForLicensing)
    case withdrawLicensingOffer(WithdrawLicensingOffer)
}
