/// Agreement: drafted with at least two parties, cost shares of exactly 100% and people terms
/// that name only parties; executed once
/// every party has signed (each once); amended only while executed, numbered without gaps;
/// terminated is final.
public enum AgreementDecider: Decider {
    public static func decide(_ command: AgreementCommand, _ state: AgreementState) throws(DomainError) -> [AgreementEvent] {
        try requireNotEnded(state)
        switch command {
        case .draft(let c): return try draft(c, state)
        case .sign(let c): return try sign(c, state)
        case .amend(let c): return try amend(c, state)
        case .terminate(let c):
            let draftedOn = try requireDrafted(state)
            try Rule.requireText(c.reason, .reason, code: "agreement.reason-required", "A termination states its reason.")
            try Rule.require(c.effectiveOn >= draftedOn, code: "agreement.date-before-drafting",
                "The termination date \(c.effectiveOn) is before the agreement was drafted on \(draftedOn).")
            return [.terminated(AgreementTerminated(reason: c.reason, effectiveOn: c.effectiveOn))]
        case .expire(let c):
            try Rule.require(state.status == .executed, code: "agreement.not-executed", "Only an executed agreement expires.")
            guard let end = state.term?.to else {
                throw DomainError(code: "agreement.open-ended-term", message: "An agreement with an open-ended term does not expire; terminate it instead.")
            }
            try Rule.require(c.expiredOn >= end, code: "agreement.term-not-ended", "The term runs until \(end); it has not ended on \(c.expiredOn).")
            return [.expired(AgreementExpired(expiredOn: c.expiredOn))]
        }
    }

    private static func draft(_ c: DraftAgreement, _ state: AgreementState) throws(DomainError) -> [AgreementEvent] {
        try Rule.require(state.status == .notDrafted, code: "agreement.already-drafted", "Agreement '\(c.agreement)' has already been drafted.")
        if c.setsUpLab {
            // The agreement that sets up a lab is signed before the lab exists (the JD /
            // CUHK-Shenzhen agreement of 15 June 2018); anything else needs an active lab.
            try Rule.require(c.kind == .jointLabAgreement, code: "agreement.only-joint-lab-agreements-set-up-labs",
                "Only a joint-lab agreement sets up a lab; a \(c.kind.rawValue) agreement is drafted in a founded lab.")
            try Rule.require(c.facts.lab.lab == c.lab, code: "agreement.lab-facts-mismatch",
                "The facts given are for lab '\(c.facts.lab.lab)', not '\(c.lab)'.")
            try Rule.require(!c.facts.lab.isFounded, code: "agreement.lab-already-founded",
                "Lab '\(c.lab)' was founded already; draft the agreement without `setsUpLab`.")
        } else {
            try c.facts.lab.requireActive(c.lab, namespace: "agreement")
        }
        try Rule.requireText(c.title, .title, code: "agreement.title-required", "An agreement needs a title.")
        let partyIDs = c.parties.map(\.party)
        if let duplicate = Rule.firstDuplicate(partyIDs) {
            throw DomainError(code: "agreement.duplicate-party", message: "'\(duplicate)' is named twice among the parties.")
        }
        try Rule.require(c.parties.count >= 2, code: "agreement.needs-two-parties", "An agreement has at least two parties; \(c.parties.count) given.")
        if let unknown = c.facts.parties.firstUnknown(in: partyIDs) {
            throw DomainError(code: "agreement.party-not-registered", message: "'\(unknown)' is not a registered party.")
        }
        try checkCostShares(c.costShares, parties: Set(partyIDs))
        try checkIPTerms(c.ipTerms)
        if let people = c.peopleTerms { try checkPeopleTerms(people, parties: Set(partyIDs)) }
        return [.drafted(AgreementDrafted(
            agreement: c.agreement, lab: c.lab, kind: c.kind, title: c.title, parties: c.parties,
            costShares: c.costShares, ipTerms: c.ipTerms, term: c.term, draftedOn: c.draftedOn, peopleTerms: c.peopleTerms,
            setsUpLab: c.setsUpLab ? true : nil))]
    }

    private static func sign(_ c: SignAgreement, _ state: AgreementState) throws(DomainError) -> [AgreementEvent] {
        let draftedOn = try requireDrafted(state)
        try Rule.require(state.partyIDs.contains(c.party), code: "agreement.signer-not-a-party", "'\(c.party)' is not a party to this agreement and cannot sign it.")
        if let signedOn = state.signatures[c.party] {
            throw DomainError(code: "agreement.already-signed", message: "'\(c.party)' already signed on \(signedOn).")
        }
        try Rule.requireText(c.signatoryTitle, .label, code: "agreement.signatory-title-required", "A signature states the capacity the signatory signs in.")
        try Rule.require(c.signedOn >= draftedOn, code: "agreement.date-before-drafting",
            "The signature date \(c.signedOn) is before the agreement was drafted on \(draftedOn).")
        return [.signed(AgreementSigned(party: c.party, signatory: c.signatory, signatoryTitle: c.signatoryTitle, signedOn: c.signedOn, person: c.person))]
    }

    private static func amend(_ c: AmendAgreement, _ state: AgreementState) throws(DomainError) -> [AgreementEvent] {
        try Rule.require(state.status == .executed, code: "agreement.not-executed", "Only an executed agreement is amended; every party signs first.")
        let next = (state.amendments.last ?? 0) + 1
        try Rule.require(c.number == next, code: "agreement.amendment-number-out-of-sequence",
            "Amendments are numbered without gaps; the next is \(next), not \(c.number).")
        try Rule.requireText(c.changes.summary, .reason, code: "agreement.amendment-summary-required", "An amendment summarises what it changes.")
        let changesSomething = c.changes.costShares != nil || c.changes.term != nil || c.changes.ipTerms != nil
        try Rule.require(changesSomething, code: "agreement.amendment-changes-nothing", "An amendment changes the cost shares, the term or the IP terms.")
        if let shares = c.changes.costShares { try checkCostShares(shares, parties: state.partyIDs) }
        if let terms = c.changes.ipTerms { try checkIPTerms(terms) }
        if let term = c.changes.term, let current = state.term {
            try Rule.require(term.from == current.from, code: "agreement.amended-term-must-keep-start",
                "An amendment may change when the term ends, not when it started (\(current.from)).")
        }
        let term = c.changes.term ?? state.term
        try Rule.require(term?.contains(c.effectiveFrom) ?? false, code: "agreement.amendment-outside-term",
            "An amendment takes effect within the agreement's term; \(c.effectiveFrom) is outside it.")
        if let executedOn = state.executedOn {
            try Rule.require(c.effectiveFrom >= executedOn, code: "agreement.amendment-before-execution",
                "An amendment cannot take effect on \(c.effectiveFrom), before the agreement was executed on \(executedOn).")
        }
        return [.amended(AgreementAmended(number: c.number, changes: c.changes, effectiveFrom: c.effectiveFrom))]
    }

    private static func checkCostShares(_ shares: [CostShare], parties: Set<PartyID>) throws(DomainError) {
        if let outsider = shares.first(where: { !parties.contains($0.party) }) {
            throw DomainError(code: "agreement.cost-share-for-non-party", message: "'\(outsider.party)' bears a cost share but is not a party.")
        }
        if let duplicate = Rule.firstDuplicate(shares.map(\.party)) {
            throw DomainError(code: "agreement.duplicate-cost-share", message: "'\(duplicate)' has more than one cost share.")
        }
        let total = BasisPoints.total(shares.map(\.basisPoints))
        try Rule.require(total == BasisPoints.whole, code: "agreement.cost-shares-must-total-100-percent",
            "Cost shares total exactly 10000 basis points (100%); these total \(total).")
    }

    /// The longest option or publication-review period, in days (ten years): longer ones are
    /// not agreements anyone signs, and they keep deadline dates and 32-bit columns in range.
    public static let maxIPTermDays = 3_650

    private static func checkIPTerms(_ terms: IPTerms) throws(DomainError) {
        let allowed = 0...maxIPTermDays
        try Rule.require(allowed.contains(terms.sponsorOptionDays) && allowed.contains(terms.publicationReviewDays), code: "agreement.invalid-ip-terms",
            "Option and publication-review periods are 0 to \(maxIPTermDays) days.")
    }

    private static func requireDrafted(_ state: AgreementState) throws(DomainError) -> LocalDate {
        guard let draftedOn = state.draftedOn else {
            throw DomainError(code: "agreement.not-drafted", message: "The agreement has not been drafted.")
        }
        return draftedOn
    }

    /// Terminated and expired are final: nothing is decided on such an agreement again.
    private static func requireNotEnded(_ state: AgreementState) throws(DomainError) {
        switch state.status {
        case .terminated:
            throw DomainError(code: "agreement.terminated", message: "The agreement was terminated on \(state.terminatedOn.map(\.rawValue) ?? "an earlier date"); that is final.")
        case .expired:
            throw DomainError(code: "agreement.expired", message: "The agreement expired on \(state.expiredOn.map(\.rawValue) ?? "an earlier date").")
        case .notDrafted, .drafted, .executed:
            return
        }
    }
}
