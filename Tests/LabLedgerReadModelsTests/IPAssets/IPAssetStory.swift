import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import Testing

/// The shared-IP story of the 2018 Tencent / CUHK-Shenzhen joint lab, written through the IP
/// asset decider (so every history is one `decide` accepts) and stored as the events a worker
/// would read. Everything is namespaced here so that other read models' tests in this target
/// can have helpers of their own.
struct IPStory {
    let tencent: PartyID
    let cuhksz: PartyID
    let pearlRiver: PartyID
    let jd: PartyID
    let lab: LabID
    let agreement: AgreementID
    let asset: IPAssetID
    let output: OutputID
    let orcidA: ORCID
    let orcidB: ORCID
    let cv: FieldOfUse
    let robotics: FieldOfUse
    let nlp: FieldOfUse
    let cn: Territory
    let us: Territory
    let hk: Territory
    let cny: CurrencyCode
    let streamID: String

    /// The events so far, in order.
    private(set) var events: [IPAssetEvent] = []

    init() throws {
        tencent = try Self.parse("tencent")
        cuhksz = try Self.parse("cuhk-shenzhen")
        pearlRiver = try Self.parse("pearl-river-robotics")
        jd = try Self.parse("jd-com")
        lab = try Self.parse("tencent-cuhksz-machine-intelligence")
        agreement = try Self.parse("tencent-cuhksz-joint-lab-2018")
        asset = try Self.parse("mi-invention-2019-001")
        output = try Self.parse("paper-2019-001")
        orcidA = try Self.parse("0000-0002-1825-0097")
        orcidB = try Self.parse("0000-0001-5109-3700")
        cv = try Self.parse("computer-vision")
        robotics = try Self.parse("robotics")
        nlp = try Self.parse("natural-language-processing")
        cn = try Self.parse("CN")
        us = try Self.parse("US")
        hk = try Self.parse("HK")
        cny = try Self.parse("CNY")
        streamID = StreamName.ipAsset(asset).rawValue
    }

    static func parse<Value: ValidatedString>(_ text: String) throws -> Value { try Value(parsing: text) }
    static func day(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }
    static func period(_ from: String, _ to: String?) throws -> DateRange { try DateRange(from: day(from), to: to.map(day)) }

    var known: KnownParties { KnownParties([tencent, cuhksz, pearlRiver, jd]) }
    var state: IPAssetState { IPAssetDecider.fold(events) }

    func cnyAmount(_ amount: String) throws -> Money { try Money(parsing: amount, currency: cny) }

    var agreementFacts: AgreementFacts {
        get throws {
            AgreementFacts(
                agreement: agreement, lab: lab, status: .executed, parties: [tencent: .sponsor, cuhksz: .university],
                term: try Self.period("2018-06-12", "2023-06-12"), executedOn: try Self.day("2018-06-12"), terminatedOn: nil, amendments: [],
                ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: 30))
        }
    }

    /// Decides `command` on the story so far and appends what it yields; a refusal fails the test.
    mutating func run(_ command: IPAssetCommand, sourceLocation: SourceLocation = #_sourceLocation) throws {
        do {
            events += try IPAssetDecider.decide(command, state)
        } catch {
            Issue.record("refused: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// The story as it stood after its first `count` events.
    func truncated(to count: Int) -> IPStory {
        var story = self
        story.events = Array(events.prefix(count))
        return story
    }

    // MARK: commands

    func disclose() throws -> IPAssetCommand {
        .disclose(DiscloseInvention(
            asset: asset, lab: lab, agreement: agreement, title: "Depth estimation from a single camera",
            inventors: [Inventor(orcid: orcidA, shareBasisPoints: try BasisPoints(6000)), Inventor(orcid: orcidB, shareBasisPoints: try BasisPoints(4000))],
            fromOutputs: [output], disclosedOn: try Self.day("2019-04-01"),
            facts: DisclosureFacts(
                lab: LabFacts(lab: lab, foundedOn: try Self.day("2018-06-12"), dissolvedOn: nil, members: [tencent, cuhksz]),
                agreement: try agreementFacts, outputs: [OutputFacts(output: output, lab: lab, kind: .paper, withdrawn: false)])))
    }

    func determineOwnership() throws -> IPAssetCommand {
        .determineOwnership(DetermineOwnership(
            owners: [AssetOwner(party: tencent, shareBasisPoints: try BasisPoints(5000)), AssetOwner(party: cuhksz, shareBasisPoints: try BasisPoints(5000))],
            determinedOn: try Self.day("2019-04-15"), agreement: try agreementFacts))
    }

    func grantOption(_ fields: [FieldOfUse], _ from: String, _ until: String) throws -> IPAssetCommand {
        .grantOption(GrantOption(sponsor: tencent, fields: fields, grantedOn: try Self.day(from), expiresOn: try Self.day(until), agreement: try agreementFacts))
    }

    /// A licence granted by every current owner (the first as licensor, the rest consenting), so
    /// that only the slice rules can refuse it.
    func licence(
        _ id: String, to licensee: PartyID, _ exclusivity: Exclusivity, fields: [FieldOfUse], territories: [Territory],
        _ from: String, _ until: String?, minimum: String? = "50000", grantedOn: String = "2019-12-01"
    ) throws -> IPAssetCommand {
        let owners = state.owners.sorted()
        return .grantLicence(GrantLicence(
            licence: try Self.parse(id), licensee: licensee, licensors: Array(owners.prefix(1)), consents: Array(owners.dropFirst()),
            exclusivity: exclusivity, fields: fields, territories: territories, term: try Self.period(from, until), sublicensable: exclusivity == .exclusive,
            royalty: Royalty(rateBasisPoints: try BasisPoints(300), minimumAnnual: try minimum.map(cnyAmount)), grantedOn: try Self.day(grantedOn),
            parties: known))
    }

    // MARK: the story

    /// Disclosed on 2019-04-01 and owned 50/50 by Tencent and CUHK-Shenzhen from 2019-04-15.
    static func owned() throws -> IPStory {
        var story = try IPStory()
        try story.run(story.disclose())
        try story.run(story.determineOwnership())
        return story
    }

    /// Tencent's option on computer vision, exercised; its exclusive licence for CV in China
    /// (2020–2025); Pearl River Robotics' exclusive CV licence for the US; the Chinese patent
    /// granted and a US application pending; two years of royalties, partly paid.
    static func licensed() throws -> IPStory {
        var story = try owned()
        try story.run(story.grantOption([story.cv], "2019-05-01", "2019-07-30"))
        try story.run(.fileApplication(FilePatentApplication(
            office: try parse("CN"), applicationNumber: try parse("CN201910123456.7"), filedOn: try day("2019-05-10"))))
        try story.run(.exerciseOption(ExerciseOption(option: 1, by: story.tencent, exercisedOn: try day("2019-07-01"))))
        try story.run(story.licence("tencent-cv-cn", to: story.tencent, .exclusive, fields: [story.cv], territories: [story.cn], "2020-01-01", "2025-01-01"))
        try story.run(story.licence(
            "pearl-river-cv-us", to: story.pearlRiver, .exclusive, fields: [story.cv], territories: [story.us], "2020-03-01", "2025-03-01",
            minimum: nil, grantedOn: "2020-02-15"))
        try story.run(.fileApplication(FilePatentApplication(
            office: try parse("US"), applicationNumber: try parse("US16123456"), filedOn: try day("2020-04-01"))))
        try story.run(.recordPatentGrant(RecordPatentGrant(
            applicationNumber: try parse("CN201910123456.7"), patentNumber: try parse("CN110123456B"), grantedOn: try day("2021-03-01"))))
        let tencentCV: LicenceID = try parse("tencent-cv-cn")
        let year2020 = try period("2020-01-01", "2021-01-01")
        let year2021 = try period("2021-01-01", "2022-01-01")
        try story.run(.reportRoyalty(ReportRoyalty(
            licence: tencentCV, period: year2020, netSales: try story.cnyAmount("2000000"), royaltyDue: try story.cnyAmount("60000"),
            reportedOn: try day("2021-01-15"))))
        try story.run(.recordRoyaltyPayment(RecordRoyaltyPayment(
            licence: tencentCV, period: year2020, amount: try story.cnyAmount("40000"), paidOn: try day("2021-02-01"), reference: "TX-2021-1")))
        try story.run(.reportRoyalty(ReportRoyalty(
            licence: tencentCV, period: year2021, netSales: try story.cnyAmount("1000000"), royaltyDue: try story.cnyAmount("50000"),
            reportedOn: try day("2022-01-10"))))
        try story.run(.recordRoyaltyPayment(RecordRoyaltyPayment(
            licence: tencentCV, period: year2021, amount: try story.cnyAmount("50000"), paidOn: try day("2022-02-01"), reference: "TX-2022-1")))
        return story
    }

    /// `licensed()`, then Tencent's CV licence terminated from 2022-01-01, a second option
    /// (robotics, 2022-02-01 to 2022-05-01) left open, a third (NLP) declined, the Chinese
    /// patent lapsed, a sole robotics licence in China to Pearl River Robotics and a
    /// non-exclusive NLP licence in Hong Kong to JD.com (2023–2026).
    static func afterTermination() throws -> IPStory {
        var story = try licensed()
        try story.run(.terminateLicence(TerminateLicence(licence: try parse("tencent-cv-cn"), effectiveOn: try day("2022-01-01"), reason: "product discontinued")))
        try story.run(story.grantOption([story.robotics], "2022-02-01", "2022-05-01"))
        try story.run(story.grantOption([story.nlp], "2022-06-01", "2022-08-30"))
        try story.run(.declineOption(DeclineOption(option: 3, by: story.tencent, declinedOn: try day("2022-07-01"))))
        try story.run(.recordPatentLapse(RecordPatentLapse(patentNumber: try parse("CN110123456B"), lapsedOn: try day("2023-03-01"), reason: "annuity unpaid")))
        try story.run(story.licence(
            "pearl-river-robotics-cn", to: story.pearlRiver, .sole, fields: [story.robotics], territories: [story.cn], "2023-01-01", "2026-01-01",
            grantedOn: "2022-12-01"))
        try story.run(story.licence(
            "jd-nlp-hk", to: story.jd, .nonExclusive, fields: [story.nlp], territories: [story.hk], "2023-01-01", "2026-01-01",
            minimum: nil, grantedOn: "2022-12-01"))
        return story
    }

    // MARK: as stored

    /// The events as the store would hand them to a worker: versions from 1, positions rising
    /// with gaps (other streams' events in between).
    func stored(from version: Int = 1) throws -> [ProjectableEvent] {
        try events.enumerated().dropFirst(version - 1).map { index, event in
            let encoded = try IPAssetEventCodec.encode(event)
            return ProjectableEvent(
                position: Int64(100 + 7 * index), streamID: streamID, streamVersion: index + 1, type: encoded.type,
                schemaVersion: encoded.schemaVersion, data: encoded.data, occurredAt: Date(timeIntervalSince1970: 1_550_000_000 + Double(index)),
                actor: "test")
        }
    }

    /// The document and rows a worker stores for the whole stream, through the projection's
    /// type-erased model (JSON bytes, as in `ip_assets_documents`).
    func folded() throws -> StreamModel.Folded {
        try #require(IPAssetReadModel.projection.model(for: streamID)).fold(nil, streamID, try stored())
    }

    func document() throws -> IPAssetDocument {
        try JSONDecoder().decode(IPAssetDocument.self, from: try folded().document)
    }
}
