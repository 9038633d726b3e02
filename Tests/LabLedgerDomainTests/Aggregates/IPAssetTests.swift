import Testing
@testable import LabLedgerDomain

@Suite("IP asset: disclosure, ownership, options, patents")
struct IPAssetTests {
    let x: OutputIPRoundSamples
    init() throws { x = try OutputIPRoundSamples() }
    var s: Samples { x.s }

    func transfer(_ from: PartyID, _ to: PartyID, _ share: Int) throws -> IPAssetCommand {
        .transferOwnership(TransferOwnership(from: from, to: to, shareBasisPoints: try BasisPoints(share), transferredOn: try date("2020-01-01"), parties: s.known))
    }

    @Test("an invention is disclosed from the lab's outputs with inventor shares totalling exactly 100%")
    func disclosure() throws {
        let state = IPAssetDecider.fold([try x.disclosed()])
        #expect(state.fromOutputs == [x.output])
        #expect(BasisPoints.total(state.inventors.map(\.shareBasisPoints)) == 10_000)
        #expect(refusal(IPAssetDecider.self, when: .disclose(try x.disclose(inventors: [(x.orcidA, 6000), (x.orcidB, 3000)]))) == "ipasset.inventor-shares-must-total-100-percent")
        #expect(refusal(IPAssetDecider.self, when: .disclose(try x.disclose(inventors: [(x.orcidA, 10_000), (x.orcidB, 0)]))) == "ipasset.zero-share")
        #expect(refusal(IPAssetDecider.self, when: .disclose(try x.disclose(inventors: []))) == "ipasset.inventors-required")
        #expect(refusal(IPAssetDecider.self, when: .disclose(try x.disclose(inventors: [(x.orcidA, 5000), (x.orcidA, 5000)]))) == "ipasset.duplicate-inventor")
        #expect(refusal(IPAssetDecider.self, given: [try x.disclosed()], when: .disclose(try x.disclose())) == "ipasset.already-disclosed")
    }

    @Test("a disclosure cites live outputs of its own lab, under an executed agreement of an active lab")
    func disclosureContext() throws {
        #expect(refusal(IPAssetDecider.self, when: .disclose(try x.disclose(outputs: [x.outputFacts(withdrawn: true)]))) == "ipasset.output-withdrawn")
        #expect(refusal(IPAssetDecider.self, when: .disclose(try x.disclose(outputs: [x.outputFacts(lab: try parsed("another-lab"))]))) == "ipasset.output-of-another-lab")
        var missing = try x.disclose()
        missing.facts.outputs = []
        #expect(refusal(IPAssetDecider.self, when: .disclose(missing)) == "ipasset.output-facts-missing")
        var dissolved = try x.disclose()
        dissolved.facts.lab = try s.dissolvedLab()
        #expect(refusal(IPAssetDecider.self, when: .disclose(dissolved)) == "ipasset.lab-dissolved")
        var unsigned = try x.disclose()
        unsigned.facts.agreement = try s.agreementFacts([try s.agreementDrafted()])
        #expect(refusal(IPAssetDecider.self, when: .disclose(unsigned)) == "ipasset.agreement-not-executed")
        #expect(refusal(IPAssetDecider.self, when: try x.determineOwnership()) == "ipasset.not-disclosed")
    }

    @Test("owners are parties to the agreement and their shares total exactly 100%, determined once")
    func ownership() throws {
        let state = IPAssetDecider.fold(try x.owned())
        #expect(state.ownerShares == [s.tencent: 5000, s.cuhksz: 5000])
        let disclosed = [try x.disclosed()]
        #expect(refusal(IPAssetDecider.self, given: disclosed, when: try x.determineOwnership([(s.tencent, 6000), (s.cuhksz, 3000)])) == "ipasset.owner-shares-must-total-100-percent")
        #expect(refusal(IPAssetDecider.self, given: disclosed, when: try x.determineOwnership([(s.tencent, 5000), (s.jd, 5000)])) == "ipasset.owner-not-a-party")
        #expect(refusal(IPAssetDecider.self, given: disclosed, when: try x.determineOwnership([(s.tencent, 5000), (s.tencent, 5000)])) == "ipasset.duplicate-owner")
        #expect(refusal(IPAssetDecider.self, given: try x.owned(), when: try x.determineOwnership()) == "ipasset.ownership-already-determined")
    }

    @Test("a transfer keeps shares at 100% and never moves more than the transferor owns")
    func transfers() throws {
        let owned = try x.owned()
        let events = try x.history(owned, [try transfer(s.tencent, s.jd, 2000)])
        let shares = IPAssetDecider.fold(events).ownerShares
        #expect(shares == [s.tencent: 3000, s.cuhksz: 5000, s.jd: 2000])
        #expect(shares.values.reduce(0, +) == 10_000)
        let whole = try x.history(owned, [try transfer(s.tencent, s.cuhksz, 5000)])
        #expect(IPAssetDecider.fold(whole).ownerShares == [s.cuhksz: 10_000])
        #expect(refusal(IPAssetDecider.self, given: owned, when: try transfer(s.tencent, s.jd, 5001)) == "ipasset.transfer-exceeds-holding")
        #expect(refusal(IPAssetDecider.self, given: owned, when: try transfer(s.jd, s.tencent, 100)) == "ipasset.transferor-not-an-owner")
        #expect(refusal(IPAssetDecider.self, given: owned, when: try transfer(s.tencent, s.tencent, 100)) == "ipasset.transfer-to-self")
        #expect(refusal(IPAssetDecider.self, given: owned, when: try transfer(s.tencent, s.jd, 0)) == "ipasset.zero-share")
        #expect(refusal(IPAssetDecider.self, given: owned, when: try transfer(s.tencent, try parsed("unknown-co"), 100)) == "ipasset.party-not-registered")
        #expect(refusal(IPAssetDecider.self, given: [try x.disclosed()], when: try transfer(s.tencent, s.jd, 100)) == "ipasset.ownership-not-determined")
    }

    @Test("a sponsor of the agreement gets an option no longer than the agreement allows")
    func optionGrant() throws {
        let owned = try x.owned()
        let granted = try accepted(IPAssetDecider.self, given: owned, when: x.grantOption())
        #expect(granted == [.optionGranted(OptionGranted(option: 1, sponsor: s.tencent, fields: [x.cv], grantedOn: try date("2019-05-01"), expiresOn: try date("2019-07-30")))])
        #expect(refusal(IPAssetDecider.self, given: owned, when: try x.grantOption(to: s.cuhksz)) == "ipasset.option-holder-not-a-sponsor")
        #expect(refusal(IPAssetDecider.self, given: owned, when: try x.grantOption("2019-05-01", "2019-07-31")) == "ipasset.option-longer-than-agreement-allows")
        #expect(refusal(IPAssetDecider.self, given: owned, when: try x.grantOption("2019-05-01", "2019-05-01")) == "ipasset.option-expiry-not-after-grant")
        #expect(refusal(IPAssetDecider.self, given: owned, when: try x.grantOption(fields: [])) == "ipasset.fields-required")
        #expect(refusal(IPAssetDecider.self, given: [try x.disclosed()], when: try x.grantOption()) == "ipasset.ownership-not-determined")
        #expect(refusal(IPAssetDecider.self, given: owned + granted, when: try x.grantOption(fields: [.allFields], "2019-06-01", "2019-08-01")) == "ipasset.option-overlaps-option")
        let second = try accepted(IPAssetDecider.self, given: owned + granted, when: x.grantOption(fields: [x.nlp], "2019-06-01", "2019-08-01"))
        #expect(second.count == 1 && IPAssetDecider.fold(owned + granted + second).options.map(\.number) == [1, 2])
    }

    @Test("only the sponsor exercises or declines an open option; it lapses only after expiry")
    func optionLifecycle() throws {
        let open = try x.history(try x.owned(), [try x.grantOption()])
        let exercise = { (party: PartyID, day: String) throws -> IPAssetCommand in .exerciseOption(ExerciseOption(option: 1, by: party, exercisedOn: try date(day))) }
        let exercised = try x.history(open, [try exercise(s.tencent, "2019-06-15")])
        #expect(IPAssetDecider.fold(exercised).options.first?.resolution == .exercised(on: try date("2019-06-15")))
        #expect(refusal(IPAssetDecider.self, given: open, when: try exercise(s.jd, "2019-06-15")) == "ipasset.not-the-option-holder")
        #expect(refusal(IPAssetDecider.self, given: open, when: try exercise(s.tencent, "2019-07-30")) == "ipasset.option-expired")
        #expect(refusal(IPAssetDecider.self, given: exercised, when: try exercise(s.tencent, "2019-06-20")) == "ipasset.option-not-open")
        #expect(refusal(IPAssetDecider.self, given: open, when: .exerciseOption(ExerciseOption(option: 9, by: s.tencent, exercisedOn: try date("2019-06-15")))) == "ipasset.unknown-option")
        let declined = try x.history(open, [.declineOption(DeclineOption(option: 1, by: s.tencent, declinedOn: try date("2019-06-01")))])
        #expect(IPAssetDecider.fold(declined).options.first?.reservedUntil == (try date("2019-06-01")))
        #expect(refusal(IPAssetDecider.self, given: open, when: .declineOption(DeclineOption(option: 1, by: s.cuhksz, declinedOn: try date("2019-06-01")))) == "ipasset.not-the-option-holder")
        #expect(refusal(IPAssetDecider.self, given: open, when: .recordOptionLapse(RecordOptionLapse(option: 1, lapsedOn: try date("2019-07-29")))) == "ipasset.option-not-yet-expired")
        let lapsed = try x.history(open, [.recordOptionLapse(RecordOptionLapse(option: 1, lapsedOn: try date("2019-07-30")))])
        #expect(IPAssetDecider.fold(lapsed).options.first?.isOpen(on: try date("2019-07-15")) == false)
    }

    @Test("filing precedes grant, at the same office; a granted patent lapses once")
    func patents() throws {
        let owned = try x.owned()
        let application: PatentApplicationNumber = try parsed("CN201910412345.6")
        let patent: PatentNumber = try parsed("CN110123456B")
        let file = IPAssetCommand.fileApplication(FilePatentApplication(office: try parsed("CN"), applicationNumber: application, filedOn: try date("2019-05-10")))
        let grant = { (day: String) throws -> IPAssetCommand in .recordPatentGrant(RecordPatentGrant(applicationNumber: application, patentNumber: patent, grantedOn: try date(day))) }
        #expect(refusal(IPAssetDecider.self, given: owned, when: try grant("2021-08-03")) == "ipasset.application-not-filed")
        let filed = try x.history(owned, [file])
        #expect(refusal(IPAssetDecider.self, given: filed, when: try grant("2019-05-10")) == "ipasset.grant-before-filing")
        #expect(refusal(IPAssetDecider.self, given: filed, when: file) == "ipasset.duplicate-application")
        #expect(refusal(IPAssetDecider.self, given: owned, when: .fileApplication(FilePatentApplication(office: try parsed("US"), applicationNumber: application, filedOn: try date("2019-05-10"))))
            == "ipasset.application-office-mismatch")
        #expect(refusal(IPAssetDecider.self, given: filed, when: .recordPatentGrant(RecordPatentGrant(applicationNumber: application, patentNumber: try parsed("US10123456B2"), grantedOn: try date("2021-08-03"))))
            == "ipasset.patent-office-mismatch")
        #expect(refusal(IPAssetDecider.self, given: owned, when: .fileApplication(FilePatentApplication(office: try parsed("CN"), applicationNumber: application, filedOn: try date("2019-03-01"))))
            == "ipasset.date-before-disclosure")
        let granted = try x.history(filed, [try grant("2021-08-03")])
        #expect(IPAssetDecider.fold(granted).applications.first?.patent == patent)
        #expect(refusal(IPAssetDecider.self, given: granted, when: try grant("2021-09-01")) == "ipasset.application-already-granted")
        let lapse = IPAssetCommand.recordPatentLapse(RecordPatentLapse(patentNumber: patent, lapsedOn: try date("2031-05-10"), reason: "Annuity not paid"))
        #expect(refusal(IPAssetDecider.self, given: filed, when: lapse) == "ipasset.patent-not-granted")
        let lapsed = try x.history(granted, [lapse])
        #expect(refusal(IPAssetDecider.self, given: lapsed, when: lapse) == "ipasset.patent-already-lapsed")
    }
}
