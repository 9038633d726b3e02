import Testing
@testable import LabLedgerDomain

/// The cast of the output, IP-asset and accelerator tests, built on `Samples` (the Tencent /
/// CUHK-Shenzhen joint lab, its executed agreement with a 90-day option and a 30-day review).
struct OutputIPRoundSamples {
    let s: Samples
    let output: OutputID
    let otherOutput: OutputID
    let doi: DOI
    let orcidA: ORCID
    let orcidB: ORCID
    let asset: IPAssetID
    let cv: FieldOfUse
    let nlp: FieldOfUse
    let robotics: FieldOfUse
    let cn: Territory
    let hk: Territory
    let us: Territory
    let hkai: LabID
    let round: RoundID
    let fund: PartyID
    let hkstp: PartyID
    let alibaba: PartyID
    let startups: [PartyID]
    let hkd: CurrencyCode

    init() throws {
        s = try Samples()
        output = try parsed("paper-2019-001")
        otherOutput = try parsed("paper-2018-007")
        doi = try parsed("10.1109/CVPR.2019.00123")
        orcidA = try parsed("0000-0002-1825-0097")
        orcidB = try parsed("0000-0001-5109-3700")
        asset = try parsed("mi-invention-2019-001")
        cv = try parsed("computer-vision")
        nlp = try parsed("natural-language-processing")
        robotics = try parsed("robotics")
        cn = try parsed("CN")
        hk = try parsed("HK")
        us = try parsed("US")
        hkai = try parsed("hkai-lab")
        round = try parsed("hkai-accelerator-2018-1")
        fund = try parsed("alibaba-entrepreneurs-fund")
        hkstp = try parsed("hkstp")
        alibaba = try parsed("alibaba-group")
        startups = try (1...4).map { try parsed("startup-\($0)") }
        hkd = try currency("HKD")
    }

    var known: KnownParties { KnownParties(s.known.registered.union(startups).union([fund, hkstp, alibaba])) }

    func hkdAmount(_ amount: String) throws -> Money { try Money(parsing: amount, currency: hkd) }

    // MARK: output

    var contributors: [OutputContributor] {
        [OutputContributor(orcid: orcidA, creditRoles: [.conceptualization, .methodology, .writingOriginalDraft]),
         OutputContributor(orcid: orcidB, creditRoles: [.software, .validation])]
    }

    func doiFacts(takenBy holder: OutputID? = nil) -> DOIRegistryFacts { DOIRegistryFacts(doi: doi, registeredTo: holder) }

    func registerOutput(doi: DOI? = nil, takenBy holder: OutputID? = nil, agreement: AgreementFacts? = nil) throws -> RegisterOutput {
        let facts = try agreement ?? s.executedAgreement()
        return RegisterOutput(
            output: output, lab: s.lab, kind: .paper, title: "Self-supervised depth estimation", doi: doi ?? self.doi,
            contributors: contributors, affiliations: [s.cuhksz, s.tencent], agreement: s.agreement, date: try date("2019-03-01"),
            facts: OutputRegistrationFacts(lab: s.activeLab, agreement: facts, doi: DOIRegistryFacts(doi: doi ?? self.doi, registeredTo: holder), parties: s.known))
    }

    func outputRegistered() throws -> OutputEvent {
        try #require(accepted(OutputDecider.self, when: .register(registerOutput())).first)
    }

    func outputFacts(withdrawn: Bool = false, lab: LabID? = nil) -> OutputFacts {
        OutputFacts(output: output, lab: lab ?? s.lab, kind: .paper, withdrawn: withdrawn)
    }

    // MARK: IP asset

    func disclose(inventors: [(ORCID, Int)]? = nil, outputs: [OutputFacts]? = nil) throws -> DiscloseInvention {
        let shares = try (inventors ?? [(orcidA, 6000), (orcidB, 4000)]).map { Inventor(orcid: $0.0, shareBasisPoints: try BasisPoints($0.1)) }
        let facts = outputs ?? [outputFacts()]
        return DiscloseInvention(
            asset: asset, lab: s.lab, agreement: s.agreement, title: "Depth estimation from a single camera", inventors: shares,
            fromOutputs: facts.map(\.output), disclosedOn: try date("2019-04-01"),
            facts: DisclosureFacts(lab: s.activeLab, agreement: try s.executedAgreement(), outputs: facts))
    }

    func disclosed() throws -> IPAssetEvent {
        try #require(accepted(IPAssetDecider.self, when: .disclose(disclose())).first)
    }

    func owners(_ shares: [(PartyID, Int)]) throws -> [AssetOwner] {
        try shares.map { AssetOwner(party: $0.0, shareBasisPoints: try BasisPoints($0.1)) }
    }

    func determineOwnership(_ shares: [(PartyID, Int)]? = nil) throws -> IPAssetCommand {
        .determineOwnership(DetermineOwnership(
            owners: try owners(shares ?? [(s.tencent, 5000), (s.cuhksz, 5000)]), determinedOn: try date("2019-04-15"), agreement: try s.executedAgreement()))
    }

    /// Disclosed and owned 50/50 by Tencent and CUHK-Shenzhen.
    func owned() throws -> [IPAssetEvent] {
        let disclosed = try disclosed()
        return [disclosed] + (try accepted(IPAssetDecider.self, given: [disclosed], when: determineOwnership()))
    }

    func grantOption(to sponsor: PartyID? = nil, fields: [FieldOfUse]? = nil, _ from: String = "2019-05-01", _ until: String = "2019-07-30") throws -> IPAssetCommand {
        .grantOption(GrantOption(sponsor: sponsor ?? s.tencent, fields: fields ?? [cv], grantedOn: try date(from), expiresOn: try date(until),
                                 agreement: try s.executedAgreement()))
    }

    var royalty: Royalty { get throws { Royalty(rateBasisPoints: try BasisPoints(300), minimumAnnual: try s.cny("50000")) } }

    /// A licence from CUHK-Shenzhen with Tencent's consent: every co-owner agrees, so only the
    /// slice rules can refuse it.
    func licence(
        _ id: String, to licensee: PartyID, _ exclusivity: Exclusivity, fields: [FieldOfUse]? = nil, territories: [Territory]? = nil,
        _ from: String = "2020-01-01", _ until: String? = "2025-01-01", licensors: [PartyID]? = nil, consents: [PartyID]? = nil
    ) throws -> IPAssetCommand {
        .grantLicence(GrantLicence(
            licence: try parsed(id), licensee: licensee, licensors: licensors ?? [s.cuhksz], consents: consents ?? [s.tencent],
            exclusivity: exclusivity, fields: fields ?? [cv], territories: territories ?? [cn], term: try range(from, until),
            sublicensable: false, royalty: try royalty, grantedOn: try date("2019-12-01"), parties: s.known))
    }

    /// Applies `commands` one after another on `history`, failing the test on a refusal.
    func history(_ base: [IPAssetEvent], _ commands: [IPAssetCommand], sourceLocation: SourceLocation = #_sourceLocation) throws -> [IPAssetEvent] {
        var events = base
        for command in commands { events += try accepted(IPAssetDecider.self, given: events, when: command, sourceLocation: sourceLocation) }
        return events
    }

    // MARK: accelerator round

    var hkaiFacts: LabFacts {
        get throws { LabFacts(lab: hkai, foundedOn: try date("2018-05-21"), dissolvedOn: nil, members: [alibaba, hkstp, fund]) }
    }

    func openRound(capacity: Int = 10, window: DateRange? = nil, months: Int = 6, alreadyOpened: [String] = []) throws -> OpenRound {
        OpenRound(
            round: round, lab: hkai, number: 1, capacity: capacity, applicationWindow: try window ?? range("2018-09-01", "2018-10-01"),
            programmeMonths: months, openedOn: try date("2018-08-20"), labFacts: try hkaiFacts,
            calendar: RoundCalendarFacts(lab: hkai, year: 2018, roundsOpened: try alreadyOpened.map { try parsed($0) }))
    }

    func roundOpened(capacity: Int = 10) throws -> [RoundEvent] {
        try accepted(RoundDecider.self, when: .open(openRound(capacity: capacity)))
    }

    func apply(_ startup: PartyID, on day: String = "2018-09-10") throws -> RoundCommand {
        .apply(ApplyToRound(startup: startup, appliedOn: try date(day), parties: known))
    }

    func admit(_ startup: PartyID, on day: String = "2018-10-05") throws -> RoundCommand {
        .admit(AdmitStartup(startup: startup, admittedOn: try date(day)))
    }

    /// Opened with the given capacity; every sample startup applied; the first `admitted` admitted.
    func roundWithAdmissions(capacity: Int = 10, admitted: Int = 2) throws -> [RoundEvent] {
        var events = try roundOpened(capacity: capacity)
        for startup in startups { events += try accepted(RoundDecider.self, given: events, when: apply(startup)) }
        for startup in startups.prefix(admitted) { events += try accepted(RoundDecider.self, given: events, when: admit(startup)) }
        return events
    }

    func cashCommitment(balance: String = "1000000", purpose: FundingPurpose = .cashGrant, closed: Bool = false) throws -> CommitmentFacts {
        CommitmentFacts(commitment: try parsed("aef-startup-grants-2018"), funder: fund, purpose: purpose, balance: .cash(try hkdAmount(balance)), closed: closed)
    }
}
