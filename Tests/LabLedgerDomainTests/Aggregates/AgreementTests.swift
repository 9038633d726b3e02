import Testing
@testable import LabLedgerDomain

@Suite("Agreement")
struct AgreementTests {
    let s: Samples
    let draft: DraftAgreement
    init() throws {
        s = try Samples()
        draft = DraftAgreement(
            agreement: s.agreement, lab: s.lab, kind: .jointLabAgreement, title: "Joint lab agreement",
            parties: s.agreementParties, costShares: try s.costShares(6000, 4000), ipTerms: s.ipTerms, term: s.term,
            draftedOn: try date("2018-05-01"), facts: AgreementDraftingFacts(lab: s.activeLab, parties: s.known))
    }

    func sign(_ party: PartyID, on day: String = "2018-06-12") throws -> AgreementCommand {
        .sign(SignAgreement(party: party, signatory: s.signatory, signatoryTitle: "Director", signedOn: try date(day), person: s.signatoryPerson))
    }

    func amend(_ number: Int, from day: String = "2019-01-01") throws -> AgreementCommand {
        .amend(AmendAgreement(number: number, changes: AmendmentChanges(summary: "Rebalance costs", costShares: try s.costShares(5000, 5000)), effectiveFrom: try date(day)))
    }

    @Test("an agreement is drafted with two parties and cost shares of exactly 100%")
    func drafts() throws {
        let events = try accepted(AgreementDecider.self, when: .draft(draft))
        #expect(AgreementDecider.fold(events).status == .drafted)
    }

    @Test("a joint-lab agreement may set up its lab before the lab is founded, and only then")
    func settingUpALab() throws {
        var early = draft
        early.setsUpLab = true
        early.facts.lab = LabFacts(lab: s.lab, state: LabDecider.initial)
        let events = try accepted(AgreementDecider.self, when: .draft(early))
        guard case .drafted(let drafted) = events.first else { Issue.record("no AgreementDrafted"); return }
        #expect(drafted.setsUpLab == true)
        #expect(AgreementDecider.fold(events).setsUpLab)
        // Signing needs no lab: the parties sign before they found it.
        let signed = events + (try accepted(AgreementDecider.self, given: events, when: sign(s.tencent)))
        #expect(AgreementDecider.fold(signed).signatures.count == 1)

        var founded = early
        founded.facts.lab = s.activeLab
        #expect(refusal(AgreementDecider.self, when: .draft(founded)) == "agreement.lab-already-founded")
        var sponsored = early
        sponsored.kind = .sponsoredResearch
        #expect(refusal(AgreementDecider.self, when: .draft(sponsored)) == "agreement.only-joint-lab-agreements-set-up-labs")
        // An ordinary draft carries no mark, so its event encodes as before.
        guard case .drafted(let ordinary) = try accepted(AgreementDecider.self, when: .draft(draft)).first else { return }
        #expect(ordinary.setsUpLab == nil)
    }

    @Test("cost shares must total exactly 10000 basis points")
    func costShareTotal() throws {
        var short = draft
        short.costShares = try s.costShares(6000, 3999)
        #expect(refusal(AgreementDecider.self, when: .draft(short)) == "agreement.cost-shares-must-total-100-percent")
        var over = draft
        over.costShares = try s.costShares(6000, 4001)
        #expect(refusal(AgreementDecider.self, when: .draft(over)) == "agreement.cost-shares-must-total-100-percent")
    }

    @Test("cost shares are borne by parties, once each")
    func costShareParties() throws {
        var outsider = draft
        outsider.costShares = [CostShare(party: s.outsider, basisPoints: .hundredPercent)]
        #expect(refusal(AgreementDecider.self, when: .draft(outsider)) == "agreement.cost-share-for-non-party")
        var twice = draft
        twice.costShares = [CostShare(party: s.tencent, basisPoints: try BasisPoints(5000)), CostShare(party: s.tencent, basisPoints: try BasisPoints(5000))]
        #expect(refusal(AgreementDecider.self, when: .draft(twice)) == "agreement.duplicate-cost-share")
    }

    @Test("an agreement has at least two distinct, registered parties")
    func parties() throws {
        var one = draft
        one.parties = [AgreementParty(party: s.tencent, role: .sponsor)]
        one.costShares = [CostShare(party: s.tencent, basisPoints: .hundredPercent)]
        #expect(refusal(AgreementDecider.self, when: .draft(one)) == "agreement.needs-two-parties")
        var twice = draft
        twice.parties = [AgreementParty(party: s.tencent, role: .sponsor), AgreementParty(party: s.tencent, role: .host)]
        #expect(refusal(AgreementDecider.self, when: .draft(twice)) == "agreement.duplicate-party")
        var unknown = draft
        unknown.facts.parties = KnownParties([s.tencent])
        #expect(refusal(AgreementDecider.self, when: .draft(unknown)) == "agreement.party-not-registered")
    }

    @Test("drafting needs a title, sane IP terms, an active lab, and happens once")
    func draftingRefusals() throws {
        var untitled = draft
        untitled.title = ""
        #expect(refusal(AgreementDecider.self, when: .draft(untitled)) == "agreement.title-required")
        var negative = draft
        negative.ipTerms = IPTerms(ownership: .joint, sponsorOptionDays: -1, publicationReviewDays: 30)
        #expect(refusal(AgreementDecider.self, when: .draft(negative)) == "agreement.invalid-ip-terms")
        var dissolved = draft
        dissolved.facts.lab = try s.dissolvedLab()
        #expect(refusal(AgreementDecider.self, when: .draft(dissolved)) == "agreement.lab-dissolved")
        var unfounded = draft
        unfounded.facts.lab = LabFacts(lab: s.lab, state: LabDecider.initial)
        #expect(refusal(AgreementDecider.self, when: .draft(unfounded)) == "agreement.lab-not-founded")
        #expect(refusal(AgreementDecider.self, given: [try s.agreementDrafted()], when: .draft(draft)) == "agreement.already-drafted")
    }

    @Test("the agreement is executed when every party has signed, on the last signature's date")
    func execution() throws {
        let drafted = try accepted(AgreementDecider.self, when: .draft(draft))
        let first = try accepted(AgreementDecider.self, given: drafted, when: sign(s.tencent, on: "2018-06-10"))
        #expect(AgreementDecider.fold(drafted + first).status == .drafted)
        let second = try accepted(AgreementDecider.self, given: drafted + first, when: sign(s.cuhksz, on: "2018-06-12"))
        let state = AgreementDecider.fold(drafted + first + second)
        #expect(state.status == .executed)
        #expect(state.executedOn == (try date("2018-06-12")))
    }

    @Test("only parties sign, each once, not before drafting")
    func signingRefusals() throws {
        let drafted = try accepted(AgreementDecider.self, when: .draft(draft))
        #expect(refusal(AgreementDecider.self, given: drafted, when: try sign(s.outsider)) == "agreement.signer-not-a-party")
        let signedOnce = drafted + (try accepted(AgreementDecider.self, given: drafted, when: sign(s.tencent)))
        #expect(refusal(AgreementDecider.self, given: signedOnce, when: try sign(s.tencent)) == "agreement.already-signed")
        #expect(refusal(AgreementDecider.self, given: drafted, when: try sign(s.tencent, on: "2018-04-30")) == "agreement.date-before-drafting")
        #expect(refusal(AgreementDecider.self, when: try sign(s.tencent)) == "agreement.not-drafted")
        let untitled = SignAgreement(party: s.tencent, signatory: s.signatory, signatoryTitle: "", signedOn: try date("2018-06-12"), person: s.signatoryPerson)
        #expect(refusal(AgreementDecider.self, given: drafted, when: .sign(untitled)) == "agreement.signatory-title-required")
    }

    @Test("amendments come only while executed, numbered 1, 2, 3 without gaps")
    func amendments() throws {
        let executed = try s.executedAgreementHistory()
        #expect(refusal(AgreementDecider.self, given: [try s.agreementDrafted()], when: try amend(1)) == "agreement.not-executed")
        #expect(refusal(AgreementDecider.self, given: executed, when: try amend(2)) == "agreement.amendment-number-out-of-sequence")
        let first = try accepted(AgreementDecider.self, given: executed, when: amend(1))
        #expect(refusal(AgreementDecider.self, given: executed + first, when: try amend(1)) == "agreement.amendment-number-out-of-sequence")
        let second = try accepted(AgreementDecider.self, given: executed + first, when: amend(2, from: "2020-01-01"))
        #expect(AgreementDecider.fold(executed + first + second).amendments == [1, 2])
    }

    @Test("an amendment states and makes a valid change inside the term")
    func amendmentContent() throws {
        let executed = try s.executedAgreementHistory()
        let day = try date("2019-01-01")
        let refusals: [(AmendmentChanges, LocalDate, String)] = [
            (AmendmentChanges(summary: "", costShares: try s.costShares(5000, 5000)), day, "agreement.amendment-summary-required"),
            (AmendmentChanges(summary: "nothing"), day, "agreement.amendment-changes-nothing"),
            (AmendmentChanges(summary: "bad", costShares: try s.costShares(5000, 4000)), day, "agreement.cost-shares-must-total-100-percent"),
            (AmendmentChanges(summary: "move", term: try range("2018-01-01", "2025-01-01")), day, "agreement.amended-term-must-keep-start"),
            (AmendmentChanges(summary: "late", costShares: try s.costShares(5000, 5000)), try date("2023-06-12"), "agreement.amendment-outside-term"),
            (AmendmentChanges(summary: "days", ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: -5)), day, "agreement.invalid-ip-terms"),
        ]
        for (changes, effective, code) in refusals {
            #expect(refusal(AgreementDecider.self, given: executed, when: .amend(AmendAgreement(number: 1, changes: changes, effectiveFrom: effective))) == code)
        }
        let signedLate = [try s.agreementDrafted(), try s.signed(s.tencent, on: "2018-07-01"), try s.signed(s.cuhksz, on: "2018-07-02")]
        let early = AmendAgreement(number: 1, changes: AmendmentChanges(summary: "early", costShares: try s.costShares(5000, 5000)), effectiveFrom: try date("2018-06-20"))
        #expect(refusal(AgreementDecider.self, given: signedLate, when: .amend(early)) == "agreement.amendment-before-execution")
        let extend = AmendmentChanges(summary: "Extend to 2028", term: try range("2018-06-12", "2028-06-12"))
        let events = try accepted(AgreementDecider.self, given: executed, when: .amend(AmendAgreement(number: 1, changes: extend, effectiveFrom: try date("2023-01-01"))))
        #expect(AgreementDecider.fold(executed + events).term == (try range("2018-06-12", "2028-06-12")))
    }

    @Test("termination is final")
    func termination() throws {
        let executed = try s.executedAgreementHistory()
        let terminate = TerminateAgreement(reason: "Sponsor withdrew", effectiveOn: try date("2020-06-30"))
        let events = try accepted(AgreementDecider.self, given: executed, when: .terminate(terminate))
        let ended = executed + events
        #expect(refusal(AgreementDecider.self, given: ended, when: .terminate(terminate)) == "agreement.terminated")
        #expect(refusal(AgreementDecider.self, given: ended, when: try amend(1)) == "agreement.terminated")
        #expect(refusal(AgreementDecider.self, given: ended, when: try sign(s.tencent)) == "agreement.terminated")
        var silent = terminate
        silent.reason = ""
        #expect(refusal(AgreementDecider.self, given: executed, when: .terminate(silent)) == "agreement.reason-required")
        var early = terminate
        early.effectiveOn = try date("2018-01-01")
        #expect(refusal(AgreementDecider.self, given: executed, when: .terminate(early)) == "agreement.date-before-drafting")
        #expect(refusal(AgreementDecider.self, when: .terminate(terminate)) == "agreement.not-drafted")
    }

    @Test("an executed agreement expires once its term has ended, and only then")
    func expiry() throws {
        let executed = try s.executedAgreementHistory()
        let events = try accepted(AgreementDecider.self, given: executed, when: .expire(ExpireAgreement(expiredOn: try date("2023-06-12"))))
        #expect(AgreementDecider.fold(executed + events).status == .expired)
        #expect(refusal(AgreementDecider.self, given: executed + events, when: try amend(1)) == "agreement.expired")
        #expect(refusal(AgreementDecider.self, given: executed, when: .expire(ExpireAgreement(expiredOn: try date("2023-06-11")))) == "agreement.term-not-ended")
        #expect(refusal(AgreementDecider.self, given: [try s.agreementDrafted()], when: .expire(ExpireAgreement(expiredOn: try date("2024-01-01")))) == "agreement.not-executed")
        var openEnded = draft
        openEnded.term = DateRange.starting(try date("2018-06-12"))
        let drafted = try accepted(AgreementDecider.self, when: .draft(openEnded))
        let open = drafted + [try s.signed(s.tencent), try s.signed(s.cuhksz)]
        #expect(refusal(AgreementDecider.self, given: open, when: .expire(ExpireAgreement(expiredOn: try date("2030-01-01")))) == "agreement.open-ended-term")
    }

    @Test("agreement facts say whether other aggregates may rely on the agreement")
    func facts() throws {
        let executed = try s.executedAgreement()
        #expect(throws: Never.self) { try executed.requireInForce(s.agreement, namespace: "x") }
        let drafted = try s.agreementFacts([try s.agreementDrafted()])
        #expect(throws: DomainError(code: "x.agreement-not-executed", message: "Agreement '\(s.agreement)' has not been signed by every party.")) {
            try drafted.requireInForce(s.agreement, namespace: "x")
        }
        #expect(AgreementFacts(state: AgreementDecider.initial) == nil)
    }
}
