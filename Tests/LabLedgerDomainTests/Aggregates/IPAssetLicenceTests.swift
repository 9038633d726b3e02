import Testing
@testable import LabLedgerDomain

@Suite("IP asset: licences, slices and royalties")
struct IPAssetLicenceTests {
    let x: OutputIPRoundSamples
    init() throws { x = try OutputIPRoundSamples() }
    var s: Samples { x.s }

    /// Owned 50/50, with an exclusive licence to Tencent for computer vision in China, 2020–2025.
    var withExclusive: [IPAssetEvent] {
        get throws { try x.history(try x.owned(), [try x.licence("tencent-cv-cn", to: s.tencent, .exclusive)]) }
    }

    func code(_ history: [IPAssetEvent], _ command: IPAssetCommand) -> String? { refusal(IPAssetDecider.self, given: history, when: command) }

    @Test("a licensor co-owns the asset, and ownership is determined first")
    func licensorCoOwns() throws {
        let owned = try x.owned()
        #expect(code(owned, try x.licence("l1", to: s.outsider, .nonExclusive, licensors: [s.cuhksz])) == nil)
        #expect(code(owned, try x.licence("l1", to: s.outsider, .nonExclusive, licensors: [s.jd])) == "ipasset.licensor-not-an-owner")
        #expect(code(owned, try x.licence("l1", to: s.outsider, .nonExclusive, licensors: [])) == "ipasset.licensor-required")
        #expect(code([try x.disclosed()], try x.licence("l1", to: s.outsider, .nonExclusive)) == "ipasset.ownership-not-determined")
        #expect(code(owned, try x.licence("l1", to: try parsed("nobody-inc"), .nonExclusive)) == "ipasset.licensee-not-registered")
        #expect(code(try withExclusive, try x.licence("tencent-cv-cn", to: s.outsider, .nonExclusive, territories: [x.us])) == "ipasset.duplicate-licence")
    }

    @Test("an exclusive or sole licence needs every co-owner's consent; a non-exclusive one does not")
    func coOwnerConsent() throws {
        let owned = try x.owned()
        for exclusivity in [Exclusivity.exclusive, .sole] {
            #expect(code(owned, try x.licence("l1", to: s.outsider, exclusivity, consents: [])) == "ipasset.co-owner-consent-missing")
            #expect(code(owned, try x.licence("l1", to: s.outsider, exclusivity, consents: [s.tencent])) == nil)
            #expect(code(owned, try x.licence("l1", to: s.outsider, exclusivity, licensors: [s.cuhksz, s.tencent], consents: [])) == nil)
        }
        #expect(code(owned, try x.licence("l1", to: s.outsider, .nonExclusive, consents: [])) == nil)
        #expect(code(owned, try x.licence("l1", to: s.outsider, .exclusive, consents: [s.tencent, s.jd])) == "ipasset.consent-from-non-owner")
    }

    @Test("two exclusive or sole licences never overlap in field × territory × time, whoever holds them")
    func exclusiveSlicesNeverOverlap() throws {
        let history = try withExclusive
        for exclusivity in [Exclusivity.exclusive, .sole] {
            #expect(code(history, try x.licence("l2", to: s.outsider, exclusivity, territories: [.world], "2024-06-01", "2026-01-01")) == "ipasset.exclusive-slices-overlap")
            #expect(code(history, try x.licence("l2", to: s.outsider, exclusivity, fields: [.allFields])) == "ipasset.exclusive-slices-overlap")
            #expect(code(history, try x.licence("l2", to: s.tencent, exclusivity, "2021-01-01", "2022-01-01")) == "ipasset.exclusive-slices-overlap")
            // Another territory, another field, or the next period (half-open terms meet without overlapping).
            #expect(code(history, try x.licence("l2", to: s.outsider, exclusivity, territories: [x.us])) == nil)
            #expect(code(history, try x.licence("l2", to: s.outsider, exclusivity, fields: [x.nlp])) == nil)
            #expect(code(history, try x.licence("l2", to: s.outsider, exclusivity, "2025-01-01", "2030-01-01")) == nil)
        }
    }

    @Test("no licence, even non-exclusive, is granted inside an exclusive slice, not even to an owner")
    func insideExclusiveSlice() throws {
        let history = try withExclusive
        #expect(code(history, try x.licence("l2", to: s.outsider, .nonExclusive, territories: [.world])) == "ipasset.inside-exclusive-slice")
        #expect(code(history, try x.licence("l2", to: s.cuhksz, .nonExclusive)) == "ipasset.inside-exclusive-slice")
        #expect(code(history, try x.licence("l2", to: s.outsider, .nonExclusive, territories: [x.hk])) == nil)
    }

    @Test("a sole slice admits an owner's own non-exclusive licence but no other licensee")
    func soleSlice() throws {
        let sole = try x.history(try x.owned(), [try x.licence("jd-cv-cn", to: s.jd, .sole)])
        #expect(code(sole, try x.licence("l2", to: s.outsider, .nonExclusive)) == "ipasset.inside-sole-slice")
        #expect(code(sole, try x.licence("l2", to: s.cuhksz, .nonExclusive)) == nil)
        let ownersFirst = try x.history(try x.owned(), [try x.licence("cuhksz-own", to: s.cuhksz, .nonExclusive)])
        #expect(code(ownersFirst, try x.licence("jd-cv-cn", to: s.jd, .sole)) == nil)
        #expect(code(ownersFirst, try x.licence("jd-cv-cn", to: s.jd, .exclusive)) == "ipasset.slice-already-licensed")
    }

    @Test("exclusivity is not granted over rights already licensed to someone else; non-exclusive licences coexist")
    func overExistingLicence() throws {
        let shared = try x.history(try x.owned(), [try x.licence("acme-cv-world", to: s.outsider, .nonExclusive, territories: [.world])])
        #expect(code(shared, try x.licence("l2", to: s.jd, .exclusive)) == "ipasset.slice-already-licensed")
        #expect(code(shared, try x.licence("l2", to: s.jd, .sole)) == "ipasset.slice-already-licensed")
        #expect(code(shared, try x.licence("l2", to: s.jd, .nonExclusive)) == nil)
        #expect(code(shared, try x.licence("l2", to: s.jd, .exclusive, fields: [x.robotics])) == nil)
    }

    @Test("while a sponsor's option is open, nobody else is licensed in its fields, anywhere")
    func optionReservesFields() throws {
        let optioned = try x.history(try x.owned(), [try x.grantOption()])
        #expect(code(optioned, try x.licence("l1", to: s.outsider, .nonExclusive, territories: [x.us], "2019-06-01", "2020-01-01")) == "ipasset.option-open")
        #expect(code(optioned, try x.licence("l1", to: s.outsider, .nonExclusive, fields: [.allFields], "2019-07-29", "2020-01-01")) == "ipasset.option-open")
        #expect(code(optioned, try x.licence("l1", to: s.outsider, .nonExclusive, fields: [x.nlp], "2019-06-01", "2020-01-01")) == nil)
        #expect(code(optioned, try x.licence("l1", to: s.tencent, .exclusive, "2019-06-01", "2029-06-01")) == nil)
        // From the expiry day the fields are free; a decline frees them from its date.
        #expect(code(optioned, try x.licence("l1", to: s.outsider, .exclusive, "2019-07-30", "2025-01-01")) == nil)
        let declined = try x.history(optioned, [.declineOption(DeclineOption(option: 1, by: s.tencent, declinedOn: try date("2019-06-01")))])
        #expect(code(declined, try x.licence("l1", to: s.outsider, .exclusive, "2019-06-01", "2025-01-01")) == nil)
        #expect(code(declined, try x.licence("l1", to: s.outsider, .exclusive, "2019-05-15", "2025-01-01")) == "ipasset.option-open")
        // And an option is not granted over a licence another party already holds in its fields.
        let licensed = try x.history(try x.owned(), [try x.licence("acme", to: s.outsider, .nonExclusive, "2019-05-01", "2020-01-01")])
        #expect(code(licensed, try x.grantOption()) == "ipasset.option-over-existing-licence")
    }

    @Test("a terminated licence frees its slice from its termination date")
    func terminationFreesSlice() throws {
        let terminate = IPAssetCommand.terminateLicence(TerminateLicence(licence: try parsed("tencent-cv-cn"), effectiveOn: try date("2022-01-01"), reason: "Product discontinued"))
        let ended = try x.history(try withExclusive, [terminate])
        #expect(code(ended, try x.licence("l2", to: s.outsider, .exclusive, "2022-01-01", "2030-01-01")) == nil)
        #expect(code(ended, try x.licence("l2", to: s.outsider, .exclusive, "2021-12-01", "2030-01-01")) == "ipasset.exclusive-slices-overlap")
        #expect(code(ended, terminate) == "ipasset.licence-already-terminated")
        let tooLate = IPAssetCommand.terminateLicence(TerminateLicence(licence: try parsed("tencent-cv-cn"), effectiveOn: try date("2025-01-01"), reason: "Late"))
        #expect(code(try withExclusive, tooLate) == "ipasset.termination-outside-term")
        let unknown = IPAssetCommand.terminateLicence(TerminateLicence(licence: try parsed("nope"), effectiveOn: try date("2022-01-01"), reason: "x"))
        #expect(code(try withExclusive, unknown) == "ipasset.unknown-licence")
    }

    @Test("the availability query answers from the same slices, with the blocking licence or option")
    func availabilityQuery() throws {
        let state = IPAssetDecider.fold(try x.history(try withExclusive, [try x.grantOption(to: s.tencent, fields: [x.nlp], "2020-03-01", "2020-05-01")]))
        let blocked = state.availability(licensee: s.outsider, exclusivity: .exclusive, field: x.cv, territory: x.cn, on: try date("2021-01-01"))
        guard case .unavailable(let conflict) = blocked else {
            Issue.record("expected the exclusive slice to block, got \(blocked)")
            return
        }
        #expect(conflict.code == "ipasset.exclusive-slices-overlap")
        #expect(conflict.until == (try date("2025-01-01")))
        #expect(conflict.blockedBy == .licence(try parsed("tencent-cv-cn")))
        #expect(state.availability(licensee: s.outsider, exclusivity: .nonExclusive, field: x.cv, territory: .world, on: try date("2021-01-01"))
            == .unavailable(try #require(state.sliceConflict(licensee: s.outsider, exclusivity: .nonExclusive, fields: [x.cv], territories: [.world], term: try range("2021-01-01", "2021-01-02")))))
        #expect(state.availability(licensee: s.outsider, exclusivity: .exclusive, field: x.cv, territory: x.hk, on: try date("2021-01-01")).isAvailable)
        #expect(state.availability(licensee: s.outsider, exclusivity: .exclusive, field: x.cv, territory: x.cn, on: try date("2025-01-01")).isAvailable)
        let optionBlocked = state.availability(licensee: s.outsider, exclusivity: .nonExclusive, field: x.nlp, territory: x.us, on: try date("2020-04-01"))
        #expect(optionBlocked == .unavailable(SliceConflict(code: "ipasset.option-open", message: conflictMessage(optionBlocked), blockedBy: .option(1), until: try date("2020-05-01"))))
        #expect(state.availability(licensee: s.tencent, exclusivity: .exclusive, field: x.nlp, territory: x.us, on: try date("2020-04-01")).isAvailable)
    }

    private func conflictMessage(_ availability: LicenceAvailability) -> String {
        if case .unavailable(let conflict) = availability { return conflict.message }
        return ""
    }

    // MARK: royalties

    var licenceID: LicenceID { get throws { try parsed("tencent-cv-cn") } }

    func report(_ from: String, _ to: String?, sales: String = "2000000", due: String = "60000", currency: String = "CNY", on day: String = "2021-01-31") throws -> IPAssetCommand {
        .reportRoyalty(ReportRoyalty(licence: try licenceID, period: try range(from, to), netSales: try money(sales, currency), royaltyDue: try money(due, currency), reportedOn: try date(day)))
    }

    func pay(_ amount: String, reference: String = "ROY-2020-1", on day: String = "2021-02-28") throws -> IPAssetCommand {
        .recordRoyaltyPayment(RecordRoyaltyPayment(licence: try licenceID, period: try range("2020-01-01", "2021-01-01"), amount: try s.cny(amount), paidOn: try date(day), reference: reference))
    }

    @Test("royalty periods of a licence never overlap, lie within the licence and are closed")
    func royaltyPeriods() throws {
        let reported = try x.history(try withExclusive, [try report("2020-01-01", "2021-01-01")])
        #expect(code(reported, try report("2020-07-01", "2021-07-01", on: "2021-07-31")) == "ipasset.royalty-periods-overlap")
        #expect(code(reported, try report("2021-01-01", "2022-01-01", on: "2022-01-31")) == nil)
        #expect(code(try withExclusive, try report("2019-06-01", "2020-06-01")) == "ipasset.royalty-period-outside-licence")
        #expect(code(try withExclusive, try report("2020-01-01", nil)) == "ipasset.royalty-period-open-ended")
        #expect(code(try withExclusive, try report("2020-01-01", "2021-01-01", on: "2020-12-31")) == "ipasset.report-before-period-end")
    }

    @Test("a report states at least the running royalty, in the licence's currency")
    func royaltyAmounts() throws {
        // 3% of 2,000,000 is 60,000; a minimum top-up may make it more, never less.
        #expect(code(try withExclusive, try report("2020-01-01", "2021-01-01", due: "59999.99")) == "ipasset.royalty-below-rate")
        #expect(code(try withExclusive, try report("2020-01-01", "2021-01-01", sales: "100000", due: "50000")) == nil)
        #expect(code(try withExclusive, try report("2020-01-01", "2021-01-01", currency: "USD")) == "ipasset.currency-mismatch")
        #expect(code(try withExclusive, try report("2020-01-01", "2021-01-01", sales: "-1", due: "0")) == "ipasset.negative-amount")
    }

    @Test("payments go against a reported period, once per reference, never beyond what is due")
    func royaltyPayments() throws {
        #expect(code(try withExclusive, try pay("60000")) == "ipasset.royalty-not-reported")
        let reported = try x.history(try withExclusive, [try report("2020-01-01", "2021-01-01")])
        let paid = try x.history(reported, [try pay("40000")])
        #expect(IPAssetDecider.fold(paid).licence(try licenceID)?.reports.first?.paid == (try s.cny("40000")))
        #expect(code(paid, try pay("20000")) == "ipasset.duplicate-payment-reference")
        #expect(code(paid, try pay("20000.01", reference: "ROY-2020-2")) == "ipasset.royalty-overpaid")
        #expect(code(paid, try pay("20000", reference: "ROY-2020-2")) == nil)
        #expect(code(reported, try pay("0")) == "ipasset.non-positive-payment")
    }

    @Test("a terminated licence still takes reports for the time it ran, and cannot end before a reported period does")
    func royaltiesAroundTermination() throws {
        let reported = try x.history(try withExclusive, [try report("2020-01-01", "2021-01-01")])
        let early = IPAssetCommand.terminateLicence(TerminateLicence(licence: try licenceID, effectiveOn: try date("2020-06-01"), reason: "Breach"))
        #expect(code(reported, early) == "ipasset.termination-before-reported-royalties")
        let ended = try x.history(reported, [.terminateLicence(TerminateLicence(licence: try licenceID, effectiveOn: try date("2021-07-01"), reason: "Breach"))])
        #expect(code(ended, try report("2021-01-01", "2021-07-01", on: "2021-07-31")) == nil)
        #expect(code(ended, try report("2021-01-01", "2022-01-01", on: "2022-01-31")) == "ipasset.royalty-period-outside-licence")
    }
}
