import Foundation
import Testing
@testable import LabLedgerDomain

/// Offering an asset for licensing, and what a prospective licensee that is not a party to it
/// may learn of its availability.
@Suite("IP asset: offers for licensing and the redacted availability")
struct IPAssetOfferTests {
    let x: OutputIPRoundSamples
    init() throws { x = try OutputIPRoundSamples() }
    var s: Samples { x.s }

    func offer(
        by party: PartyID? = nil, fields: [FieldOfUse]? = nil, territories: [Territory]? = nil, exclusive: Bool = true, on day: String = "2019-09-01"
    ) throws -> IPAssetCommand {
        .offerForLicensing(OfferForLicensing(
            by: party ?? s.cuhksz, fields: fields ?? [x.cv, x.nlp], territories: territories ?? [.world], exclusivityOffered: exclusive,
            offeredOn: try date(day)))
    }

    func withdraw(by party: PartyID? = nil, on day: String = "2020-03-01", reason: String = "Licensed to a partner") throws -> IPAssetCommand {
        .withdrawLicensingOffer(WithdrawLicensingOffer(by: party ?? s.tencent, withdrawnOn: try date(day), reason: reason))
    }

    func code(_ history: [IPAssetEvent], _ command: IPAssetCommand) -> String? { refusal(IPAssetDecider.self, given: history, when: command) }

    @Test("a co-owner offers the asset: the event carries the offer, and the state holds it until a co-owner withdraws it")
    func offerAndWithdraw() throws {
        let owned = try x.owned()
        let offered = try accepted(IPAssetDecider.self, given: owned, when: try offer())
        #expect(offered == [.offeredForLicensing(IPAssetOfferedForLicensing(
            offeredBy: s.cuhksz, fields: [x.cv, x.nlp], territories: [.world], exclusivityOffered: true, offeredOn: try date("2019-09-01")))])
        #expect(IPAssetDecider.fold(owned + offered).offer?.offeredBy == s.cuhksz)
        let withdrawn = try accepted(IPAssetDecider.self, given: owned + offered, when: try withdraw())
        #expect(withdrawn == [.offerWithdrawn(IPAssetOfferWithdrawn(by: s.tencent, withdrawnOn: try date("2020-03-01"), reason: "Licensed to a partner"))])
        #expect(IPAssetDecider.fold(owned + offered + withdrawn).offer == nil)
        // Off the market, the owners may offer it again (on other terms of scope).
        #expect(code(owned + offered + withdrawn, try offer(fields: [x.robotics], on: "2020-04-01")) == nil)
    }

    @Test("only a current owner offers, once ownership is determined, one offer at a time, not before ownership")
    func whoOffersWhen() throws {
        let owned = try x.owned()
        #expect(code(owned, try offer(by: s.outsider)) == "ipasset.offer-by-non-owner")
        #expect(code([try x.disclosed()], try offer()) == "ipasset.ownership-not-determined")
        #expect(code(owned, try offer(on: "2019-04-14")) == "ipasset.date-before-ownership")
        let offered = try x.history(owned, [try offer()])
        #expect(code(offered, try offer(by: s.tencent)) == "ipasset.already-on-offer")
    }

    @Test("the offer names at least one field and one territory, none twice")
    func scopeOfTheOffer() throws {
        let owned = try x.owned()
        #expect(code(owned, try offer(fields: [])) == "ipasset.fields-required")
        #expect(code(owned, try offer(fields: [x.cv, x.cv])) == "ipasset.duplicate-field")
        #expect(code(owned, try offer(territories: [])) == "ipasset.territories-required")
        #expect(code(owned, try offer(territories: [x.cn, x.cn])) == "ipasset.duplicate-territory")
    }

    @Test("an asset whose every granted patent has lapsed, none pending, is not offered; a pending application keeps it offerable")
    func lapsedAssetNotOffered() throws {
        let application: PatentApplicationNumber = try parsed("CN201910412345.6")
        let patent: PatentNumber = try parsed("CN110123456B")
        let granted = try x.history(try x.owned(), [
            .fileApplication(FilePatentApplication(office: try parsed("CN"), applicationNumber: application, filedOn: try date("2019-05-10"))),
            .recordPatentGrant(RecordPatentGrant(applicationNumber: application, patentNumber: patent, grantedOn: try date("2021-08-03"))),
        ])
        #expect(code(granted, try offer(on: "2022-01-01")) == nil)
        let lapsed = try x.history(granted, [.recordPatentLapse(RecordPatentLapse(patentNumber: patent, lapsedOn: try date("2023-05-10"), reason: "Annuity not paid"))])
        #expect(code(lapsed, try offer(on: "2024-01-01")) == "ipasset.offer-of-lapsed-asset")
        let refiled = try x.history(lapsed, [
            .fileApplication(FilePatentApplication(office: try parsed("US"), applicationNumber: try parsed("US16123456"), filedOn: try date("2023-06-01"))),
        ])
        #expect(code(refiled, try offer(on: "2024-01-01")) == nil)
    }

    @Test("withdrawing: only while on offer, by a current owner, not before the offer, with a reason")
    func withdrawalRules() throws {
        let owned = try x.owned()
        #expect(code(owned, try withdraw()) == "ipasset.not-on-offer")
        let offered = try x.history(owned, [try offer()])
        #expect(code(offered, try withdraw(by: s.outsider)) == "ipasset.offer-withdrawal-by-non-owner")
        #expect(code(offered, try withdraw(on: "2019-08-31")) == "ipasset.date-before-offer")
        #expect(code(offered, try withdraw(reason: "  ")) == "ipasset.reason-required")
        let withdrawn = try x.history(offered, [try withdraw()])
        #expect(code(withdrawn, try withdraw()) == "ipasset.not-on-offer")
    }

    @Test("not on offer, the redacted answer is nothing at all")
    func notOnOfferAnswersNothing() throws {
        let state = IPAssetDecider.fold(try x.owned())
        #expect(state.offeredAvailability(asker: s.outsider, exclusivity: .nonExclusive, field: x.cv, territory: x.cn, on: try date("2020-01-01")) == nil)
    }

    @Test("outside the offer the answer is the offer's limit, whatever licences there are")
    func outsideTheOffer() throws {
        let state = IPAssetDecider.fold(try x.history(try x.owned(), [try offer(fields: [x.cv], territories: [x.cn], exclusive: false)]))
        func codes(_ exclusivity: Exclusivity, _ field: FieldOfUse, _ territory: Territory) throws -> [String]? {
            state.offeredAvailability(asker: s.outsider, exclusivity: exclusivity, field: field, territory: territory, on: try date("2020-01-01"))?.map(\.code)
        }
        #expect(try codes(.nonExclusive, x.cv, x.cn) == [])
        #expect(try codes(.nonExclusive, x.nlp, x.cn) == ["ipasset.field-not-offered"])
        #expect(try codes(.nonExclusive, x.cv, x.us) == ["ipasset.territory-not-offered"])
        #expect(try codes(.exclusive, x.nlp, x.us) == ["ipasset.field-not-offered", "ipasset.territory-not-offered", "ipasset.exclusivity-not-offered"])
    }

    @Test("inside the offer, a licence's slice blocks until its end, and the answer names neither the licence nor its licensee")
    func blockedByALicenceRedacted() throws {
        let history = try x.history(try x.owned(), [
            try x.licence("tencent-cv-cn", to: s.tencent, .exclusive, "2020-01-01", "2025-01-01"),
            try offer(on: "2019-12-15"),
        ])
        let state = IPAssetDecider.fold(history)
        let answer = state.offeredAvailability(asker: s.outsider, exclusivity: .nonExclusive, field: x.cv, territory: x.cn, on: try date("2021-06-01"))
        let reason = try #require(answer?.first)
        #expect(answer?.count == 1)
        #expect(reason.code == "ipasset.inside-exclusive-slice")
        #expect(reason.blockedBy == .licence)
        #expect(reason.until == (try date("2025-01-01")))
        #expect(!reason.detail.contains("tencent"))
        #expect(reason.detail.contains("2025-01-01"))
        // The full answer, for a party to the asset, names both.
        guard case .unavailable(let full) = state.availability(licensee: s.outsider, exclusivity: .nonExclusive, field: x.cv, territory: x.cn, on: try date("2021-06-01")) else {
            Issue.record("the licence does not block the full answer")
            return
        }
        #expect(full.message.contains("tencent-cv-cn"))
        // After the licence ends, or elsewhere, it is available.
        #expect(state.offeredAvailability(asker: s.outsider, exclusivity: .nonExclusive, field: x.cv, territory: x.cn, on: try date("2025-01-01")) == [])
        #expect(state.offeredAvailability(asker: s.outsider, exclusivity: .exclusive, field: x.cv, territory: x.us, on: try date("2021-06-01")) == [])
    }

    @Test("an open option blocks until its reservation ends, without naming its sponsor")
    func blockedByAnOptionRedacted() throws {
        let state = IPAssetDecider.fold(try x.history(try x.owned(), [try x.grantOption(), try offer(on: "2019-05-02")]))
        let reason = try #require(state.offeredAvailability(asker: s.outsider, exclusivity: .nonExclusive, field: x.cv, territory: x.cn, on: try date("2019-06-01"))?.first)
        #expect(reason.code == "ipasset.option-open")
        #expect(reason.blockedBy == .option)
        #expect(reason.until == (try date("2019-07-30")))
        #expect(!reason.detail.contains("tencent"))
    }

    @Test("a day before the offer is answered only by ipasset.date-not-offered, even where a licence stood that day")
    func dayBeforeTheOfferAnswersNothingElse() throws {
        let state = IPAssetDecider.fold(try x.history(try x.owned(), [
            try x.licence("tencent-cv-cn", to: s.tencent, .exclusive, "2020-01-01", "2025-01-01"),
            try offer(on: "2026-01-01"),
        ]))
        let before = state.offeredAvailability(asker: s.outsider, exclusivity: .nonExclusive, field: x.cv, territory: x.cn, on: try date("2021-06-01"))
        #expect(before?.map(\.code) == ["ipasset.date-not-offered"])
        #expect(before?.first?.blockedBy == nil && before?.first?.until == nil)
        #expect(state.offeredAvailability(asker: s.outsider, exclusivity: .nonExclusive, field: x.cv, territory: x.cn, on: try date("2026-01-01")) == [])
    }

    @Test("an offer that outlived the lapse of the asset's last patent answers only ipasset.offer-of-lapsed-asset")
    func offerOfALapsedAsset() throws {
        let patent: PatentNumber = try parsed("CN110123456B")
        let application: PatentApplicationNumber = try parsed("CN201910412345.6")
        let offered = try x.history(try x.owned(), [
            .fileApplication(FilePatentApplication(office: try parsed("CN"), applicationNumber: application, filedOn: try date("2019-05-10"))),
            .recordPatentGrant(RecordPatentGrant(applicationNumber: application, patentNumber: patent, grantedOn: try date("2021-08-03"))),
            try offer(on: "2022-01-01"),
        ])
        func codes(_ events: [IPAssetEvent]) throws -> [String]? {
            IPAssetDecider.fold(events).offeredAvailability(asker: s.outsider, exclusivity: .nonExclusive, field: x.cv, territory: x.cn, on: try date("2024-01-01"))?.map(\.code)
        }
        #expect(try codes(offered) == [])
        let lapsed = try x.history(offered, [.recordPatentLapse(RecordPatentLapse(patentNumber: patent, lapsedOn: try date("2023-05-10"), reason: "Annuity not paid"))])
        #expect(try codes(lapsed) == ["ipasset.offer-of-lapsed-asset"])
    }

    @Test("the contact giving away its whole share withdraws the offer with the transfer; a partial transfer or another owner's leaves it")
    func contactLeavingWithdrawsTheOffer() throws {
        let offered = try x.history(try x.owned(), [try offer(on: "2019-09-01")])
        func transfer(_ from: PartyID, _ bp: Int, on day: String) throws -> IPAssetCommand {
            .transferOwnership(TransferOwnership(from: from, to: s.jd, shareBasisPoints: try BasisPoints(bp), transferredOn: try date(day), parties: s.known))
        }
        let whole = try accepted(IPAssetDecider.self, given: offered, when: try transfer(s.cuhksz, 5000, on: "2020-02-01"))
        #expect(whole.dropFirst().first == .offerWithdrawn(IPAssetOfferWithdrawn(
            by: s.cuhksz, withdrawnOn: try date("2020-02-01"), reason: "The contact no longer owns a share")))
        #expect(IPAssetDecider.fold(offered + whole).offer == nil)
        // A transfer dated before the offer withdraws it on the offer's own day, never before it.
        let early = try accepted(IPAssetDecider.self, given: offered, when: try transfer(s.cuhksz, 5000, on: "2019-06-01"))
        #expect(early.contains(.offerWithdrawn(IPAssetOfferWithdrawn(
            by: s.cuhksz, withdrawnOn: try date("2019-09-01"), reason: "The contact no longer owns a share"))))
        let part = try accepted(IPAssetDecider.self, given: offered, when: try transfer(s.cuhksz, 2000, on: "2020-02-01"))
        #expect(IPAssetDecider.fold(offered + part).offer?.offeredBy == s.cuhksz)
        let other = try accepted(IPAssetDecider.self, given: offered, when: try transfer(s.tencent, 5000, on: "2020-02-01"))
        #expect(IPAssetDecider.fold(offered + other).offer?.offeredBy == s.cuhksz)
    }

    @Test("the offer survives the state's JSON, and a state never offered encodes without it")
    func offerInStoredState() throws {
        let owned = IPAssetDecider.fold(try x.owned())
        #expect(!String(decoding: try JSONEncoder().encode(owned), as: UTF8.self).contains("offer"))
        let offered = IPAssetDecider.fold(try x.history(try x.owned(), [try offer()]))
        let again = try JSONDecoder().decode(IPAssetState.self, from: try JSONEncoder().encode(offered))
        #expect(again == offered)
        #expect(again.offer?.fields == [x.cv, x.nlp])
    }
}
