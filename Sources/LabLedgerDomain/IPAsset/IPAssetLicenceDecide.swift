/// Licences and their royalties: who may grant, with whose consent, in which slice; royalty
/// periods of one licence never overlap; payments never exceed what was reported.
extension IPAssetDecider {
    /// `completing` is true when a proposal's last consent grants it (`IPAssetProposalDecide.swift`):
    /// the proposal holds the id then; a direct grant may not take a proposed licence's id.
    static func grantLicence(_ c: GrantLicence, _ state: IPAssetState, disclosedOn: LocalDate, completing: Bool = false) throws(DomainError) -> [IPAssetEvent] {
        try requireOwnership(state)
        // Who grants is checked before the id: a non-owner learns nothing of the ids in use
        // (a proposal's id is refused as `duplicate-licence` only to an owner or a keeper).
        try Rule.require(!c.licensors.isEmpty, code: "ipasset.licensor-required", "A licence is granted by at least one co-owner.")
        if let outsider = c.licensors.first(where: { !state.owners.contains($0) }) {
            throw DomainError(code: "ipasset.licensor-not-an-owner", message: "'\(outsider)' does not co-own the asset and cannot license it.")
        }
        if let outsider = c.consents.first(where: { !state.owners.contains($0) }) {
            throw DomainError(code: "ipasset.consent-from-non-owner", message: "'\(outsider)' does not co-own the asset; its consent counts for nothing.")
        }
        if completing {
            try Rule.require(state.licence(c.licence) == nil, code: "ipasset.duplicate-licence", "Licence '\(c.licence)' already exists on this asset.")
        } else {
            try requireUnusedLicenceID(c.licence, state)
        }
        try Rule.require(c.parties.registered.contains(c.licensee), code: "ipasset.licensee-not-registered", "Licensee '\(c.licensee)' is not a registered party.")
        if c.exclusivity.reservesSlice {
            let consenting = Set(c.licensors).union(c.consents)
            if let missing = state.owners.subtracting(consenting).sorted().first {
                throw DomainError(code: "ipasset.co-owner-consent-missing",
                    message: "An \(c.exclusivity.rawValue) licence needs every co-owner's consent; '\(missing)' has not consented.")
            }
        }
        try checkScope(fields: c.fields, territories: c.territories, royalty: c.royalty)
        try requireNotBefore(c.grantedOn, disclosedOn, code: "ipasset.date-before-disclosure", "disclosure")
        if let conflict = state.sliceConflict(
            licensee: c.licensee, exclusivity: c.exclusivity, fields: c.fields, territories: c.territories, term: c.term)
        {
            throw conflict.error
        }
        return [.licenceGranted(LicenceGranted(
            licence: c.licence, licensee: c.licensee, licensors: c.licensors, consents: c.consents, exclusivity: c.exclusivity,
            fields: c.fields, territories: c.territories, term: c.term, sublicensable: c.sublicensable, royalty: c.royalty, grantedOn: c.grantedOn))]
    }

    static func reportRoyalty(_ c: ReportRoyalty, _ state: IPAssetState) throws(DomainError) -> [IPAssetEvent] {
        let licence = try requireLicence(c.licence, state)
        guard let periodEnd = c.period.to else {
            throw DomainError(code: "ipasset.royalty-period-open-ended", message: "A royalty report covers a closed period.")
        }
        let inForce = licence.term.from <= c.period.from && licence.inForceUntil.map { periodEnd <= $0 } ?? true
        try Rule.require(inForce, code: "ipasset.royalty-period-outside-licence",
            "The period \(c.period) is not within the time licence '\(c.licence)' is in force.")
        if let overlapping = licence.reports.first(where: { $0.period.overlaps(c.period) }) {
            throw DomainError(code: "ipasset.royalty-periods-overlap",
                message: "Licence '\(c.licence)' already has a report for \(overlapping.period), which overlaps \(c.period).")
        }
        try Rule.require(c.reportedOn >= periodEnd, code: "ipasset.report-before-period-end", "A report for \(c.period) is made once the period has ended.")
        try Rule.require(!c.netSales.isNegative && !c.royaltyDue.isNegative, code: "ipasset.negative-amount", "Net sales and royalties are zero or more.")
        let currencies = [c.netSales.currency, c.royaltyDue.currency] + (licence.royalty.minimumAnnual.map { [$0.currency] } ?? [])
        try Rule.require(Set(currencies).count == 1, code: "ipasset.currency-mismatch",
            "Net sales, royalty due and the licence's minimum are in one currency; these are \(Set(currencies.map(\.rawValue)).sorted()).")
        guard let running = licence.royalty.runningRoyalty(on: c.netSales) else {
            throw DomainError(code: "ipasset.overflow", message: "\(c.netSales) at \(licence.royalty.rateBasisPoints) does not fit in 64-bit minor units.")
        }
        try Rule.require(c.royaltyDue.minorUnits >= running.minorUnits, code: "ipasset.royalty-below-rate",
            "At \(licence.royalty.rateBasisPoints) of \(c.netSales), at least \(running) is due, not \(c.royaltyDue).")
        return [.royaltyReported(RoyaltyReported(licence: c.licence, period: c.period, netSales: c.netSales, royaltyDue: c.royaltyDue, reportedOn: c.reportedOn))]
    }

    static func recordPayment(_ c: RecordRoyaltyPayment, _ state: IPAssetState) throws(DomainError) -> [IPAssetEvent] {
        let licence = try requireLicence(c.licence, state)
        guard let report = licence.reports.first(where: { $0.period == c.period }) else {
            throw DomainError(code: "ipasset.royalty-not-reported", message: "Licence '\(c.licence)' has no royalty report for \(c.period).")
        }
        try Rule.require(c.amount.isPositive, code: "ipasset.non-positive-payment", "A royalty payment is a positive amount.")
        try Rule.require(c.amount.currency == report.royaltyDue.currency, code: "ipasset.currency-mismatch",
            "The royalty is due in \(report.royaltyDue.currency), not \(c.amount.currency).")
        try Rule.requireText(c.reference, .reference, code: "ipasset.reference-required", "A royalty payment carries a reference.")
        try Rule.require(!licence.paymentReferences.contains(c.reference), code: "ipasset.duplicate-payment-reference",
            "A payment with reference '\(c.reference)' is already recorded on licence '\(c.licence)'.")
        try Rule.require(c.paidOn >= report.reportedOn, code: "ipasset.payment-before-report", "A payment on \(c.paidOn) precedes the report of \(report.reportedOn).")
        let paid = try Rule.value("ipasset") { () throws(ValueError) in try report.paid.adding(c.amount) }
        try Rule.require(paid.minorUnits <= report.royaltyDue.minorUnits, code: "ipasset.royalty-overpaid",
            "Paying \(c.amount) would bring payments for \(c.period) to \(paid), above the \(report.royaltyDue) due.")
        return [.royaltyPaid(RoyaltyPaid(licence: c.licence, period: c.period, amount: c.amount, paidOn: c.paidOn, reference: c.reference))]
    }

    static func terminate(_ c: TerminateLicence, _ state: IPAssetState) throws(DomainError) -> [IPAssetEvent] {
        let licence = try requireLicence(c.licence, state)
        if let terminatedOn = licence.terminatedOn {
            throw DomainError(code: "ipasset.licence-already-terminated", message: "Licence '\(c.licence)' was terminated on \(terminatedOn); that is final.")
        }
        try Rule.requireText(c.reason, .reason, code: "ipasset.reason-required", "A termination states its reason.")
        let withinTerm = c.effectiveOn >= licence.term.from && licence.term.to.map { c.effectiveOn < $0 } ?? true
        try Rule.require(withinTerm, code: "ipasset.termination-outside-term", "Licence '\(c.licence)' runs \(licence.term); it cannot terminate on \(c.effectiveOn).")
        if let reported = licence.reports.first(where: { ($0.period.to ?? c.effectiveOn) > c.effectiveOn }) {
            throw DomainError(code: "ipasset.termination-before-reported-royalties",
                message: "Royalties are already reported for \(reported.period); the licence cannot end on \(c.effectiveOn), before that period does.")
        }
        return [.licenceTerminated(LicenceTerminated(licence: c.licence, effectiveOn: c.effectiveOn, reason: c.reason))]
    }

    /// A licence of this asset. A terminated one still takes reports and payments for the time
    /// it was in force, so termination is checked where it matters, not here.
    private static func requireLicence(_ id: LicenceID, _ state: IPAssetState) throws(DomainError) -> IPAssetState.Licence {
        guard let licence = state.licence(id) else {
            throw DomainError(code: "ipasset.unknown-licence", message: "The asset has no licence '\(id)'.")
        }
        return licence
    }
}
