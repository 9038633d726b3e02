import Foundation
import LabLedgerDomain

/// Histories of the other categories the deadlines read: an invention with options, a
/// studentship with an internship, an accelerator round, a funding commitment.
extension LedgerSamples {
    var asset: IPAssetID { get throws { try Self.value("mi-lab-invention-001") } }
    var placement: PlacementID { get throws { try Self.value("phd-2018-001") } }
    var commitment: CommitmentID { get throws { try Self.value("tencent-phd-stipends-2018") } }
    var round: RoundID { get throws { try Self.value("hkai-2018-autumn") } }

    func inventionDisclosed() throws -> IPAssetEvent {
        .inventionDisclosed(InventionDisclosed(
            asset: try asset, lab: lab, agreement: agreement, title: "Few-shot detector",
            inventors: [Inventor(orcid: try Self.value("0000-0002-1825-0097"), shareBasisPoints: try BasisPoints(10_000))],
            fromOutputs: [], disclosedOn: try Self.day("2019-02-01")))
    }

    func ownershipDetermined() throws -> IPAssetEvent {
        .ownershipDetermined(OwnershipDetermined(
            owners: [AssetOwner(party: cuhksz, shareBasisPoints: try BasisPoints(6000)), AssetOwner(party: tencent, shareBasisPoints: try BasisPoints(4000))],
            determinedOn: try Self.day("2019-02-15")))
    }

    func optionGranted(_ number: Int, to sponsor: PartyID? = nil, expiresOn: String) throws -> IPAssetEvent {
        .optionGranted(OptionGranted(
            option: number, sponsor: sponsor ?? tencent, fields: [try Self.value("computer vision"), try Self.value("robotics")],
            grantedOn: try Self.day("2019-03-01"), expiresOn: try Self.day(expiresOn)))
    }

    func studentshipAwarded(period: DateRange? = nil) throws -> PlacementEvent {
        .studentshipAwarded(StudentshipAwarded(
            placement: try placement, lab: lab, agreement: agreement, student: try Self.value("person-0001"),
            orcid: try Self.value("0000-0003-3333-3330"), degreeGrantor: cuhksz, sponsor: tencent,
            stipend: Stipend(monthly: try Money(parsing: "15000", currency: try Self.value("CNY")), commitment: try commitment),
            period: try period ?? Self.period("2018-09-01", "2022-09-01"), awardedOn: try Self.day("2018-07-01"),
            person: try PersonalData(name: "Li Wei", email: "li.wei@example.edu.cn")))
    }

    func internshipStarted(at host: PartyID, _ from: String, _ to: String) throws -> PlacementEvent {
        .internshipStarted(InternshipStarted(host: host, agreement: agreement, period: try Self.period(from, to)))
    }

    func roundOpened() throws -> RoundEvent {
        .opened(RoundOpened(
            round: try round, lab: lab, number: 1, capacity: 10, applicationWindow: try Self.period("2018-09-01", "2018-10-01"),
            programmeMonths: 6, openedOn: try Self.day("2018-08-15")))
    }

    func fundingCommitted(period: DateRange? = nil) throws -> FundingEvent {
        .committed(FundingCommitted(
            commitment: try commitment, agreement: agreement, funder: tencent, purpose: .phdStipend,
            amount: .cash(try Money(parsing: "1200000", currency: try Self.value("CNY"))),
            period: try period ?? Self.period("2018-09-01", "2022-09-01")))
    }
}
