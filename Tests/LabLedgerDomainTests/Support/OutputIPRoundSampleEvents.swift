import Testing
@testable import LabLedgerDomain

/// One event of every type of the output, IP-asset and accelerator-round aggregates, with
/// optional fields both set and unset where that changes the JSON.
struct OutputIPRoundSampleEvents {
    let output: [OutputEvent]
    let ipAsset: [IPAssetEvent]
    let round: [RoundEvent]

    init() throws {
        let x = try OutputIPRoundSamples()
        let s = x.s
        output = [
            try x.outputRegistered(),
            .registered(OutputRegistered(
                output: x.otherOutput, lab: s.lab, kind: .dataset, title: "Street scenes", doi: nil,
                contributors: [OutputContributor(orcid: x.orcidB, creditRoles: [.dataCuration])], affiliations: [s.cuhksz], agreement: nil,
                date: try date("2018-11-20"))),
            .submittedForValidation(OutputSubmittedForValidation(submittedOn: try date("2019-03-02"))),
            .validated(OutputValidated(validatedBy: s.cuhksz, validatedOn: try date("2019-03-05"))),
            .corrected(OutputCorrected(
                reason: "Second author's roles were incomplete", correctedOn: try date("2019-03-06"), title: nil, doi: nil,
                contributors: [OutputContributor(orcid: x.orcidB, creditRoles: [.software, .validation, .visualization])],
                affiliations: nil, revalidationRequired: true)),
            .corrected(OutputCorrected(
                reason: "Title typo and DOI assigned", correctedOn: try date("2019-03-07"), title: "Self-supervised depth estimation",
                doi: try parsed("10.5281/zenodo.1234567"), contributors: nil, affiliations: [s.cuhksz], revalidationRequired: false)),
            .publicationReviewRequested(PublicationReviewRequested(reviewers: [s.tencent], requestedOn: try date("2019-03-10"), reviewEndsOn: try date("2019-04-09"))),
            .publicationReviewCleared(PublicationReviewCleared(reviewer: s.tencent, clearedOn: try date("2019-03-20"))),
            .published(OutputPublished(publishedOn: try date("2019-06-16"), venue: "CVPR 2019")),
            .withdrawn(OutputWithdrawn(reason: "Duplicate record", withdrawnOn: try date("2019-07-01"))),
        ]
        let licence: LicenceID = try parsed("tencent-cv-cn-2019")
        let year: DateRange = try range("2020-01-01", "2021-01-01")
        ipAsset = [
            try x.disclosed(),
            .ownershipDetermined(OwnershipDetermined(owners: try x.owners([(s.tencent, 5000), (s.cuhksz, 5000)]), determinedOn: try date("2019-04-15"))),
            .optionGranted(OptionGranted(option: 1, sponsor: s.tencent, fields: [x.cv, x.robotics], grantedOn: try date("2019-05-01"), expiresOn: try date("2019-07-30"))),
            .optionExercised(OptionExercised(option: 1, exercisedOn: try date("2019-06-15"))),
            .optionDeclined(OptionDeclined(option: 2, declinedOn: try date("2019-09-01"))),
            .optionLapsed(OptionLapsed(option: 3, lapsedOn: try date("2019-12-01"))),
            .patentApplicationFiled(PatentApplicationFiled(office: try parsed("CN"), applicationNumber: try parsed("CN201910412345.6"), filedOn: try date("2019-05-10"))),
            .patentGranted(PatentGranted(applicationNumber: try parsed("CN201910412345.6"), patentNumber: try parsed("CN110123456B"), grantedOn: try date("2021-08-03"))),
            .patentLapsed(PatentLapsed(patentNumber: try parsed("CN110123456B"), lapsedOn: try date("2031-05-10"), reason: "Annuity not paid")),
            .ownershipTransferred(OwnershipTransferred(from: s.tencent, to: s.jd, shareBasisPoints: try BasisPoints(2000), transferredOn: try date("2022-01-01"))),
            .licenceGranted(LicenceGranted(
                licence: licence, licensee: s.tencent, licensors: [s.cuhksz], consents: [s.tencent], exclusivity: .exclusive,
                fields: [x.cv], territories: [x.cn], term: try range("2019-07-01", "2029-07-01"), sublicensable: true,
                royalty: try x.royalty, grantedOn: try date("2019-06-20"))),
            .licenceGranted(LicenceGranted(
                licence: try parsed("acme-nlp-world"), licensee: s.outsider, licensors: [s.cuhksz, s.tencent], consents: [], exclusivity: .nonExclusive,
                fields: [x.nlp, .allFields], territories: [.world], term: DateRange.starting(try date("2020-01-01")), sublicensable: false,
                royalty: Royalty(rateBasisPoints: try BasisPoints(150)), grantedOn: try date("2019-12-01"))),
            .royaltyReported(RoyaltyReported(licence: licence, period: year, netSales: try s.cny("2000000"), royaltyDue: try s.cny("60000"), reportedOn: try date("2021-01-31"))),
            .royaltyPaid(RoyaltyPaid(licence: licence, period: year, amount: try s.cny("60000"), paidOn: try date("2021-02-28"), reference: "ROY-2020")),
            .licenceTerminated(LicenceTerminated(licence: licence, effectiveOn: try date("2024-01-01"), reason: "Licensee's product discontinued")),
            .licenceProposed(LicenceProposed(
                licence: try parsed("jd-cv-cn-2024"), proposedBy: s.cuhksz, licensee: s.jd, exclusivity: .sole, fields: [x.cv], territories: [x.cn],
                term: try range("2024-01-01", "2029-01-01"), sublicensable: false, royalty: try x.royalty, proposedOn: try date("2023-11-01"),
                expiresOn: try date("2024-01-01"))),
            .licenceConsentGiven(LicenceConsentGiven(licence: try parsed("jd-cv-cn-2024"), by: s.jd, consentedOn: try date("2023-11-20"))),
            .licenceProposalWithdrawn(LicenceProposalWithdrawn(
                licence: try parsed("jd-cv-cn-2024"), by: s.cuhksz, withdrawnOn: try date("2023-12-01"), reason: "Terms renegotiated")),
            .offeredForLicensing(IPAssetOfferedForLicensing(
                offeredBy: s.cuhksz, fields: [x.cv, x.robotics], territories: [.world], exclusivityOffered: true, offeredOn: try date("2024-02-01"))),
            .offerWithdrawn(IPAssetOfferWithdrawn(by: s.tencent, withdrawnOn: try date("2024-06-01"), reason: "Licensed to a partner")),
        ]
        let startup = x.startups[0]
        round = [
            .opened(RoundOpened(round: x.round, lab: x.hkai, number: 1, capacity: 10, applicationWindow: try range("2018-09-01", "2018-10-01"),
                                programmeMonths: 6, openedOn: try date("2018-08-20"))),
            .startupApplied(StartupApplied(startup: startup, appliedOn: try date("2018-09-10"))),
            .startupAdmitted(StartupAdmitted(startup: startup, admittedOn: try date("2018-10-05"))),
            .startupRejected(StartupRejected(startup: x.startups[1], rejectedOn: try date("2018-10-05"), reason: "Outside the programme's focus")),
            .benefitGranted(BenefitGranted(startup: startup, kind: .cash, quantity: .cash(try x.hkdAmount("500000")), provider: x.fund,
                                           commitment: try parsed("aef-startup-grants-2018"), reference: "AEF-2018-1-01", grantedOn: try date("2018-10-10"))),
            .benefitGranted(BenefitGranted(startup: startup, kind: .officeSpace, quantity: .inKind(InKindQuantity(40, .squareMetres)), provider: x.hkstp,
                                           commitment: nil, reference: "HKSTP-2018-1-01", grantedOn: try date("2018-10-10"))),
            .mentorAssigned(MentorAssigned(startup: startup, mentor: try parsed("mentor-007"), assignedOn: try date("2018-10-12"),
                                           person: try PersonalData(name: "Wong Ka Ho", email: "kaho.wong@example.org"))),
            .cohortGraduated(CohortGraduated(graduates: [startup], graduatedOn: try date("2019-04-15"))),
        ]
    }

    func encodedAll() throws -> [EncodedEvent] {
        try output.map(OutputEventCodec.encode) + ipAsset.map(IPAssetEventCodec.encode) + round.map(RoundEventCodec.encode)
    }
}

/// Decodes any output, IP-asset or round event by finding the codec that knows its type, and
/// re-encodes it with the same codec.
enum OutputIPRoundEvent {
    static let allTypes = OutputEventCodec.eventTypes + IPAssetEventCodec.eventTypes + RoundEventCodec.eventTypes

    static func roundTrip(_ encoded: EncodedEvent) throws -> EncodedEvent {
        if OutputEventCodec.eventTypes.contains(encoded.type) { return try OutputEventCodec.encode(OutputEventCodec.decode(encoded)) }
        if IPAssetEventCodec.eventTypes.contains(encoded.type) { return try IPAssetEventCodec.encode(IPAssetEventCodec.decode(encoded)) }
        if RoundEventCodec.eventTypes.contains(encoded.type) { return try RoundEventCodec.encode(RoundEventCodec.decode(encoded)) }
        throw EventDecodingError.unknownType(encoded.type)
    }
}
