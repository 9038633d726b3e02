import Testing
@testable import LabLedgerDomain

@Suite("Funding commitment")
struct FundingCommitmentTests {
    let s: Samples
    let commit: CommitFunding
    init() throws {
        s = try Samples()
        commit = CommitFunding(
            commitment: s.commitment, agreement: s.agreement, funder: s.tencent, purpose: .phdStipend,
            amount: .cash(try s.cny("1200000")), period: try range("2018-09-01", "2022-09-01"),
            facts: CommitFundingFacts(agreement: try s.executedAgreement(), lab: s.activeLab))
    }

    var committed: [FundingEvent] { get throws { try accepted(FundingDecider.self, when: .commit(commit)) } }

    func disburse(_ amount: String, on day: String = "2018-09-30", reference: String = "TX-1") throws -> FundingCommand {
        .recordDisbursement(RecordDisbursement(amount: .cash(try s.cny(amount)), valueDate: try date(day), reference: reference))
    }

    @Test("a party to an executed agreement commits funding")
    func commits() throws {
        let state = FundingDecider.fold(try committed)
        #expect(state.committed == .cash(try s.cny("1200000")))
        #expect(state.balance == .cash(try s.cny("1200000")))
    }

    @Test("the funder is a party to an executed, unterminated agreement of an active lab")
    func funderRefusals() throws {
        var outsider = commit
        outsider.funder = s.outsider
        #expect(refusal(FundingDecider.self, when: .commit(outsider)) == "funding.funder-not-a-party")
        var unsigned = commit
        unsigned.facts.agreement = try s.agreementFacts([try s.agreementDrafted()])
        #expect(refusal(FundingDecider.self, when: .commit(unsigned)) == "funding.agreement-not-executed")
        var terminated = commit
        terminated.facts.agreement = try s.agreementFacts(try s.executedAgreementHistory() + [.terminated(AgreementTerminated(reason: "exit", effectiveOn: try date("2019-01-01")))])
        #expect(refusal(FundingDecider.self, when: .commit(terminated)) == "funding.agreement-terminated")
        var expired = commit
        expired.facts.agreement = try s.agreementFacts(try s.executedAgreementHistory() + [.expired(AgreementExpired(expiredOn: try date("2023-06-12")))])
        #expect(refusal(FundingDecider.self, when: .commit(expired)) == "funding.agreement-expired")
        var wrongFacts = commit
        wrongFacts.agreement = try parsed("some-other-agreement")
        #expect(refusal(FundingDecider.self, when: .commit(wrongFacts)) == "funding.agreement-facts-mismatch")
        var dissolved = commit
        dissolved.facts.lab = try s.dissolvedLab()
        #expect(refusal(FundingDecider.self, when: .commit(dissolved)) == "funding.lab-dissolved")
    }

    @Test("a commitment is positive, fits its purpose and the agreement's term, and is made once")
    func commitmentRefusals() throws {
        var zero = commit
        zero.amount = .cash(try s.cny("0"))
        #expect(refusal(FundingDecider.self, when: .commit(zero)) == "funding.zero-amount")
        var negative = commit
        negative.amount = .cash(try s.cny("-5"))
        #expect(refusal(FundingDecider.self, when: .commit(negative)) == "funding.negative-amount")
        var gpuStipend = commit
        gpuStipend.amount = .inKind(InKindQuantity(1000, .gpuHours))
        #expect(refusal(FundingDecider.self, when: .commit(gpuStipend)) == "funding.purpose-needs-cash")
        var cashOffice = commit
        cashOffice.purpose = .officeSpace
        #expect(refusal(FundingDecider.self, when: .commit(cashOffice)) == "funding.purpose-needs-in-kind")
        var gpuOffice = cashOffice
        gpuOffice.amount = .inKind(InKindQuantity(1000, .gpuHours))
        #expect(refusal(FundingDecider.self, when: .commit(gpuOffice)) == "funding.purpose-unit-mismatch")
        var supportCompute = commit
        supportCompute.purpose = .computeCredits
        supportCompute.amount = .inKind(InKindQuantity(100, .supportHours))
        #expect(refusal(FundingDecider.self, when: .commit(supportCompute)) == "funding.purpose-unit-mismatch")
        supportCompute.amount = .inKind(InKindQuantity(100, .storageTerabyteMonths))
        #expect(refusal(FundingDecider.self, when: .commit(supportCompute)) == nil)
        var tooLong = commit
        tooLong.period = try range("2018-09-01", "2024-09-01")
        #expect(refusal(FundingDecider.self, when: .commit(tooLong)) == "funding.period-outside-agreement-term")
        #expect(refusal(FundingDecider.self, given: try committed, when: .commit(commit)) == "funding.already-committed")
    }

    @Test("compute credits may be committed in kind, and then stay in that unit")
    func inKind() throws {
        var gpu = commit
        gpu.purpose = .computeCredits
        gpu.amount = .inKind(InKindQuantity(50_000, .gpuHours))
        let history = try accepted(FundingDecider.self, when: .commit(gpu))
        let hours = RecordDisbursement(amount: .inKind(InKindQuantity(1000, .gpuHours)), valueDate: try date("2018-10-01"), reference: "Q4")
        try accepted(FundingDecider.self, given: history, when: .recordDisbursement(hours))
        let area = RecordDisbursement(amount: .inKind(InKindQuantity(10, .squareMetres)), valueDate: try date("2018-10-01"), reference: "Q4")
        #expect(refusal(FundingDecider.self, given: history, when: .recordDisbursement(area)) == "funding.unit-mismatch")
        #expect(refusal(FundingDecider.self, given: history, when: try disburse("100")) == "funding.cash-and-in-kind-mixed")
    }

    @Test("disbursements never exceed the commitment")
    func disbursementCeiling() throws {
        let history = try committed
        let all = try accepted(FundingDecider.self, given: history, when: disburse("1200000"))
        #expect(FundingDecider.fold(history + all).balance == .cash(try s.cny("0")))
        #expect(refusal(FundingDecider.self, given: history, when: try disburse("1200000.01")) == "funding.disbursement-exceeds-commitment")
        #expect(refusal(FundingDecider.self, given: history + all, when: try disburse("0.01", reference: "TX-2")) == "funding.disbursement-exceeds-commitment")
    }

    @Test("a disbursement is positive, in the commitment's currency, referenced once, inside the period")
    func disbursementRefusals() throws {
        let history = try committed
        #expect(refusal(FundingDecider.self, given: history, when: try disburse("0")) == "funding.zero-amount")
        #expect(refusal(FundingDecider.self, given: history, when: try disburse("-1")) == "funding.negative-amount")
        let dollars = RecordDisbursement(amount: .cash(try money("100", "USD")), valueDate: try date("2018-09-30"), reference: "TX-9")
        #expect(refusal(FundingDecider.self, given: history, when: .recordDisbursement(dollars)) == "funding.currency-mismatch")
        #expect(refusal(FundingDecider.self, given: history, when: try disburse("1", reference: " ")) == "funding.reference-required")
        #expect(refusal(FundingDecider.self, given: history, when: try disburse("1", on: "2022-09-01")) == "funding.value-date-outside-period")
        let once = history + (try accepted(FundingDecider.self, given: history, when: disburse("1")))
        #expect(refusal(FundingDecider.self, given: once, when: try disburse("1")) == "funding.duplicate-disbursement-reference")
        #expect(refusal(FundingDecider.self, when: try disburse("1")) == "funding.not-committed")
    }

    @Test("a reversal names the disbursement it reverses and gives the balance back")
    func reversal() throws {
        let history = try committed + (try accepted(FundingDecider.self, given: try committed, when: disburse("1000")))
        let reverse = ReverseDisbursement(reference: "TX-1", reason: "paid twice", reversedOn: try date("2018-10-02"))
        let events = try accepted(FundingDecider.self, given: history, when: .reverseDisbursement(reverse))
        let state = FundingDecider.fold(history + events)
        #expect(state.disbursed == .cash(try s.cny("0")))
        #expect(state.disbursements["TX-1"]?.reversed == true)
        #expect(refusal(FundingDecider.self, given: history + events, when: .reverseDisbursement(reverse)) == "funding.disbursement-already-reversed")
        var unknown = reverse
        unknown.reference = "TX-404"
        #expect(refusal(FundingDecider.self, given: history, when: .reverseDisbursement(unknown)) == "funding.unknown-disbursement")
        var silent = reverse
        silent.reason = ""
        #expect(refusal(FundingDecider.self, given: history, when: .reverseDisbursement(silent)) == "funding.reason-required")
        var early = reverse
        early.reversedOn = try date("2018-09-01")
        #expect(refusal(FundingDecider.self, given: history, when: .reverseDisbursement(early)) == "funding.reversal-before-disbursement")
    }

    @Test("an adjustment follows an amendment and never goes below what was disbursed")
    func adjustment() throws {
        let executed = try s.executedAgreementHistory()
        let amendment = AgreementEvent.amended(AgreementAmended(number: 1, changes: AmendmentChanges(summary: "less", costShares: try s.costShares(10_000, 0)), effectiveFrom: try date("2019-01-01")))
        let amended = try s.agreementFacts(executed + [amendment])
        let history = try committed + (try accepted(FundingDecider.self, given: try committed, when: disburse("400000")))
        let cut = AdjustCommitment(delta: .cash(try s.cny("-700000")), amendment: 1, agreement: amended)
        let events = try accepted(FundingDecider.self, given: history, when: .adjust(cut))
        #expect(FundingDecider.fold(history + events).committed == .cash(try s.cny("500000")))

        let tooDeep = AdjustCommitment(delta: .cash(try s.cny("-800000.01")), amendment: 1, agreement: amended)
        #expect(refusal(FundingDecider.self, given: history, when: .adjust(tooDeep)) == "funding.adjustment-below-disbursed")
        let toNothing = AdjustCommitment(delta: .cash(try s.cny("-1200000")), amendment: 1, agreement: amended)
        #expect(refusal(FundingDecider.self, given: try committed, when: .adjust(toNothing)) == "funding.zero-amount")
        let zero = AdjustCommitment(delta: .cash(try s.cny("0")), amendment: 1, agreement: amended)
        #expect(refusal(FundingDecider.self, given: history, when: .adjust(zero)) == "funding.zero-amount")
        let unknown = AdjustCommitment(delta: .cash(try s.cny("1")), amendment: 2, agreement: amended)
        #expect(refusal(FundingDecider.self, given: history, when: .adjust(unknown)) == "funding.unknown-amendment")
        let yen = AdjustCommitment(delta: .cash(try money("1", "JPY")), amendment: 1, agreement: amended)
        #expect(refusal(FundingDecider.self, given: history, when: .adjust(yen)) == "funding.currency-mismatch")
        let overflow = AdjustCommitment(delta: .cash(Money(minorUnits: .max, currency: s.yuan)), amendment: 1, agreement: amended)
        #expect(refusal(FundingDecider.self, given: history, when: .adjust(overflow)) == "funding.overflow")
        var elsewhere = cut
        elsewhere.agreement = AgreementFacts(
            agreement: try parsed("another-agreement"), lab: amended.lab, status: amended.status, parties: amended.parties, term: amended.term,
            executedOn: amended.executedOn, terminatedOn: nil, amendments: [1], ipTerms: amended.ipTerms)
        #expect(refusal(FundingDecider.self, given: history, when: .adjust(elsewhere)) == "funding.agreement-facts-mismatch")
    }

    @Test("a closed commitment takes no more disbursements")
    func closing() throws {
        let close = CloseCommitment(closedOn: try date("2022-09-01"), reason: "programme complete")
        let events = try accepted(FundingDecider.self, given: try committed, when: .close(close))
        #expect(refusal(FundingDecider.self, given: try committed + events, when: try disburse("1")) == "funding.commitment-closed")
        #expect(refusal(FundingDecider.self, given: try committed + events, when: .close(close)) == "funding.commitment-closed")
        var silent = close
        silent.reason = ""
        #expect(refusal(FundingDecider.self, given: try committed, when: .close(silent)) == "funding.reason-required")
        var early = close
        early.closedOn = try date("2018-01-01")
        #expect(refusal(FundingDecider.self, given: try committed, when: .close(early)) == "funding.closed-before-period")
    }

    @Test("commitment facts report the balance other streams may draw on")
    func facts() throws {
        let history = try committed + (try accepted(FundingDecider.self, given: try committed, when: disburse("200000")))
        let facts = try s.commitmentFacts(history)
        #expect(facts.balance == .cash(try s.cny("1000000")))
        #expect(facts.funder == s.tencent)
        #expect(CommitmentFacts(state: FundingDecider.initial) == nil)
    }
}
