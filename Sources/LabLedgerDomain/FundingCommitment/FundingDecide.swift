/// Funding commitment: a funder that is a party to an executed agreement commits an amount in
/// one currency (or one in-kind unit); 0 <= disbursed <= committed at all times; an adjustment
/// never takes the commitment below what was disbursed; no zero amounts.
public enum FundingDecider: Decider {
    public static func decide(_ command: FundingCommand, _ state: FundingState) throws(DomainError) -> [FundingEvent] {
        switch command {
        case .commit(let c):
            return try commit(c, state)

        case .recordDisbursement(let c):
            let (committed, disbursed, period) = try requireOpen(state)
            try requirePositive(c.amount, what: "A disbursement")
            try requireSameDenomination(c.amount, as: committed)
            try Rule.requireText(c.reference, .reference, code: "funding.reference-required", "A disbursement carries a reference.")
            try Rule.require(state.disbursements[c.reference] == nil, code: "funding.duplicate-disbursement-reference",
                "A disbursement with reference '\(c.reference)' is already recorded.")
            try Rule.require(period.contains(c.valueDate), code: "funding.value-date-outside-period",
                "The value date \(c.valueDate) is outside the commitment period \(period).")
            let after = try Rule.value("funding") { () throws(ValueError) in try disbursed.adding(c.amount) }
            try Rule.require(after.units <= committed.units, code: "funding.disbursement-exceeds-commitment",
                "Disbursing \(c.amount) would bring the total to \(after), above the \(committed) committed.")
            return [.disbursementRecorded(DisbursementRecorded(amount: c.amount, valueDate: c.valueDate, reference: c.reference))]

        case .reverseDisbursement(let c):
            _ = try requireOpen(state)
            guard let original = state.disbursements[c.reference] else {
                throw DomainError(code: "funding.unknown-disbursement", message: "No disbursement has reference '\(c.reference)'.")
            }
            try Rule.require(!original.reversed, code: "funding.disbursement-already-reversed", "Disbursement '\(c.reference)' is already reversed.")
            try Rule.requireText(c.reason, .reason, code: "funding.reason-required", "A reversal states its reason.")
            try Rule.require(c.reversedOn >= original.valueDate, code: "funding.reversal-before-disbursement",
                "A reversal on \(c.reversedOn) cannot precede the disbursement of \(original.valueDate).")
            return [.disbursementReversed(DisbursementReversed(reference: c.reference, reason: c.reason, reversedOn: c.reversedOn))]

        case .adjust(let c):
            let (committed, disbursed, _) = try requireOpen(state)
            try Rule.require(!c.delta.isZero, code: "funding.zero-amount", "An adjustment of zero changes nothing.")
            try requireSameDenomination(c.delta, as: committed)
            if let agreement = state.agreement {
                try Rule.require(c.agreement.agreement == agreement, code: "funding.agreement-facts-mismatch",
                    "The facts given are for agreement '\(c.agreement.agreement)', not '\(agreement)'.")
            }
            try Rule.require(c.agreement.amendments.contains(c.amendment), code: "funding.unknown-amendment",
                "Agreement '\(c.agreement.agreement)' has no amendment \(c.amendment) to justify this adjustment.")
            let after = try Rule.value("funding") { () throws(ValueError) in try committed.adding(c.delta) }
            try Rule.require(after.units >= disbursed.units, code: "funding.adjustment-below-disbursed",
                "Adjusting by \(c.delta) would commit \(after), less than the \(disbursed) already disbursed.")
            try Rule.require(after.isPositive, code: "funding.zero-amount",
                "An adjustment cannot leave nothing committed; close the commitment instead.")
            return [.adjusted(CommitmentAdjusted(delta: c.delta, amendment: c.amendment))]

        case .close(let c):
            let (_, _, period) = try requireOpen(state)
            try Rule.requireText(c.reason, .reason, code: "funding.reason-required", "Closing a commitment states its reason.")
            try Rule.require(c.closedOn >= period.from, code: "funding.closed-before-period",
                "A commitment cannot close on \(c.closedOn), before its period starts on \(period.from).")
            return [.closed(CommitmentClosed(closedOn: c.closedOn, reason: c.reason))]
        }
    }

    private static func commit(_ c: CommitFunding, _ state: FundingState) throws(DomainError) -> [FundingEvent] {
        try Rule.require(!state.isCommitted, code: "funding.already-committed", "Commitment '\(c.commitment)' already exists.")
        let agreement = c.facts.agreement
        try agreement.requireInForce(c.agreement, namespace: "funding")
        try c.facts.lab.requireActive(agreement.lab, namespace: "funding")
        try Rule.require(agreement.isParty(c.funder), code: "funding.funder-not-a-party",
            "'\(c.funder)' is not a party to agreement '\(c.agreement)' and cannot fund under it.")
        try requirePositive(c.amount, what: "A commitment")
        guard c.purpose.accepts(c.amount) else {
            let code = switch (c.purpose, c.amount) {
            // In kind, as the purpose may be, but in a unit that does not measure it.
            case (.officeSpace, .inKind), (.computeCredits, .inKind): "funding.purpose-unit-mismatch"
            default: c.amount.isCash ? "funding.purpose-needs-in-kind" : "funding.purpose-needs-cash"
            }
            throw DomainError(code: code, message: "\(c.purpose.rawValue) cannot be committed as \(c.amount).")
        }
        try Rule.require(agreement.term.contains(c.period), code: "funding.period-outside-agreement-term",
            "The commitment period \(c.period) is not within the agreement's term \(agreement.term).")
        return [.committed(FundingCommitted(
            commitment: c.commitment, agreement: c.agreement, funder: c.funder, purpose: c.purpose, amount: c.amount, period: c.period))]
    }

    /// The committed total, the disbursed total and the period of a commitment still open.
    private static func requireOpen(_ state: FundingState) throws(DomainError) -> (Amount, Amount, DateRange) {
        guard let committed = state.committed, let disbursed = state.disbursed, let period = state.period else {
            throw DomainError(code: "funding.not-committed", message: "Nothing has been committed on this stream yet.")
        }
        if let closedOn = state.closedOn {
            throw DomainError(code: "funding.commitment-closed", message: "The commitment was closed on \(closedOn).")
        }
        return (committed, disbursed, period)
    }

    private static func requirePositive(_ amount: Amount, what: String) throws(DomainError) {
        try Rule.require(!amount.isZero, code: "funding.zero-amount", "\(what) of zero is not recorded.")
        try Rule.require(amount.isPositive, code: "funding.negative-amount", "\(what) is a positive amount; \(amount) is not.")
    }

    /// One currency per commitment, one unit per in-kind commitment, never cash with in-kind.
    private static func requireSameDenomination(_ amount: Amount, as committed: Amount) throws(DomainError) {
        do {
            try amount.requireSameDenomination(as: committed)
        } catch {
            let code = switch error.code {
            case "money.currency-mismatch": "funding.currency-mismatch"
            case "in-kind.unit-mismatch": "funding.unit-mismatch"
            default: "funding.cash-and-in-kind-mixed"
            }
            throw DomainError(code: code, message: "The commitment is in \(committed.denomination); \(amount) is not. \(error.message)")
        }
    }
}
