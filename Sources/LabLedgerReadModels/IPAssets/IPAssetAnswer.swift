import LabLedgerContract
import LabLedgerDomain

/// Which licences of an asset a key sees in full. Admins, operators and auditors see every
/// licence in full; so does a party that currently owns a share of the asset (the owners share
/// its royalties and answer for its licensing). Any other party key sees in full only the
/// licences its party is a party to, as licensee or licensor. Of every other licence it sees
/// only its scope — what judging availability needs: the slice (exclusivity, fields,
/// territories, term, when it stops being in force) and who holds it (whether a sole or
/// non-exclusive slice blocks depends on whether its licensee is an owner, and a sublicence is
/// the holder's to give). The licensors, consents, sublicensability, royalty terms, grant date,
/// termination reason and royalties reported and paid of another licensee's licence are its
/// business and the owners', not a competitor's.
package struct LicenceViewer: Sendable {
    /// The key's party; nil for admins, operators and auditors.
    package var party: PartyID?

    package init(party: PartyID?) {
        self.party = party
    }

    /// Proposed licences are the owners' business until granted: keepers, auditors and current
    /// owners see them, nobody else (not even the proposed licensee, whose view is shared with
    /// every party to the agreement that has no part in the asset).
    package func seesProposals(of state: IPAssetState) -> Bool {
        guard let party else { return true }
        return state.isOwner(party)
    }

    package func seesInFull(_ licence: IPAssetState.Licence, of state: IPAssetState) -> Bool {
        guard let party else { return true }
        return state.isOwner(party) || licence.licensee == party || licence.licensors.contains(party)
    }
}

/// An asset's read-model document as the API shows it: rendered by the projection for the
/// stored answers (`IPAssetViews.swift`) and by the API for the list and for `asOf`.
extension Components.Schemas.IPAsset {
    /// `full` adds the inventors and the ownership history (the single-asset answer). `viewer`
    /// decides which licences show in full; the asset's royalty totals sum only those.
    package init(_ document: IPAssetDocument, partyRoles: [String]?, full: Bool, viewer: LicenceViewer) throws {
        let state = document.state
        var totals = RoyaltyTotals()
        let licences = try state.licences.map { licence in
            let scope = Components.Schemas.IPAssetLicence(
                licence: licence.id.rawValue, view: .scope, licensee: licence.licensee.rawValue, exclusivity: .init(licence.exclusivity),
                fields: licence.fields.map(\.rawValue), territories: licence.territories.map(\.rawValue), term: periodJSON(licence.term),
                terminatedOn: licence.terminatedOn?.rawValue, inForceUntil: licence.inForceUntil?.rawValue)
            guard viewer.seesInFull(licence, of: state) else { return scope }
            let notes = document.licences[licence.id.rawValue]
            var own = RoyaltyTotals()
            for (_, total) in (document.royalties[licence.id.rawValue] ?? [:]).sorted(by: { $0.key < $1.key }) {
                try own.add(total)
                try totals.add(total)
            }
            var shown = scope
            shown.view = .full
            shown.licensors = licence.licensors.map(\.rawValue)
            shown.consents = (notes?.consents ?? []).map(\.rawValue)
            shown.terminationReason = notes?.terminationReason
            shown.sublicensable = licence.sublicensable
            shown.royalty = .init(
                rateBasisPoints: licence.royalty.rateBasisPoints.rawValue, minimumAnnual: licence.royalty.minimumAnnual.map(moneyJSON))
            shown.grantedOn = licence.grantedOn.rawValue
            shown.royalties = own.rendered
            return shown
        }
        self.init(
            asset: state.id?.rawValue ?? "", lab: state.lab?.rawValue ?? "", agreement: state.agreement?.rawValue ?? "",
            title: state.title, disclosedOn: state.disclosedOn?.rawValue ?? "", fromOutputs: state.fromOutputs.map(\.rawValue),
            version: document.streamVersion, partyRoles: partyRoles?.compactMap { PartyRolesPayloadPayload(rawValue: $0) },
            inventors: full ? state.inventors.map { .init(orcid: $0.orcid.rawValue, shareBasisPoints: $0.shareBasisPoints.rawValue) } : nil,
            ownershipDeterminedOn: state.ownershipDeterminedOn?.rawValue,
            owners: state.ownerShares.sorted { $0.key < $1.key }.map { .init(party: $0.key.rawValue, shareBasisPoints: $0.value) },
            transfers: full
                ? document.transfers.map {
                    .init(from: $0.from.rawValue, to: $0.to.rawValue, shareBasisPoints: $0.shareBasisPoints, transferredOn: $0.transferredOn.rawValue)
                } : nil,
            options: state.options.map { .init($0) },
            licences: licences,
            patentStatus: Self.patentStatus(state.applications),
            patents: state.applications.map { application in
                .init(
                    office: application.office.rawValue, applicationNumber: application.number.rawValue, filedOn: application.filedOn.rawValue,
                    patentNumber: application.patent?.rawValue, grantedOn: application.grantedOn?.rawValue, lapsedOn: application.lapsedOn?.rawValue,
                    lapseReason: application.patent.flatMap { document.patentLapseReasons[$0.rawValue] },
                    status: application.lapsedOn != nil ? .lapsed : application.patent != nil ? .granted : .filed)
            },
            royalties: totals.rendered)
        if viewer.seesProposals(of: state), !state.proposals.isEmpty {
            licenceProposals = state.proposals.map { .init($0, owners: state.owners) }
        }
    }

    /// As the read model's `ip_assets.patent_status`: a patent in force wins, then a pending
    /// application, then lapsed patents.
    private static func patentStatus(_ applications: [IPAssetState.PatentApplication]) -> PatentStatusPayload {
        if applications.contains(where: { $0.patent != nil && $0.lapsedOn == nil }) { return .granted }
        if applications.contains(where: { $0.patent == nil }) { return .filed }
        return applications.isEmpty ? .none : .lapsed
    }
}

/// Royalties reported and paid, summed per currency of the royalty due: a licence's totals as
/// the document keeps them (`IPAssetRoyaltyTotal`), or the sum of the licences a key sees in full.
private struct RoyaltyTotals {
    var byCurrency: [CurrencyCode: IPAssetRoyaltyTotal] = [:]

    mutating func add(_ total: IPAssetRoyaltyTotal) throws(ValueError) {
        let currency = total.due.currency
        guard var sum = byCurrency[currency] else {
            byCurrency[currency] = total
            return
        }
        // decide keeps net sales in the royalty's currency; a mixed total would be meaningless.
        try sum.add(total)
        byCurrency[currency] = sum
    }

    var rendered: [Components.Schemas.RoyaltyTotal] {
        byCurrency.sorted { $0.key < $1.key }.map { currency, total in
            .init(
                currency: currency.rawValue, reports: total.reports, reportedUntil: total.reportedUntil?.rawValue,
                netSales: moneyJSON(total.netSales), royaltyDue: moneyJSON(total.due), paid: moneyJSON(total.paid),
                outstanding: moneyJSON((try? total.due.subtracting(total.paid)) ?? total.due))
        }
    }
}

private func moneyJSON(_ money: Money) -> Components.Schemas.Money {
    .init(currency: money.currency.rawValue, amount: money.decimalString)
}

private func periodJSON(_ range: DateRange) -> Components.Schemas.Period {
    .init(from: range.from.rawValue, to: range.to?.rawValue)
}

extension Components.Schemas.Exclusivity {
    package init(_ exclusivity: Exclusivity) {
        switch exclusivity {
        case .exclusive: self = .exclusive
        case .sole: self = .sole
        case .nonExclusive: self = .nonExclusive
        }
    }
}

extension Components.Schemas.IPAssetOption {
    package init(_ option: IPAssetState.Option) {
        let status: StatusPayload
        let resolvedOn: LocalDate?
        switch option.resolution {
        case nil: (status, resolvedOn) = (.open, nil)
        case .exercised(let on): (status, resolvedOn) = (.exercised, on)
        case .declined(let on): (status, resolvedOn) = (.declined, on)
        case .lapsed(let on): (status, resolvedOn) = (.lapsed, on)
        }
        self.init(
            option: option.number, sponsor: option.sponsor.rawValue, fields: option.fields.map(\.rawValue), grantedOn: option.grantedOn.rawValue,
            expiresOn: option.expiresOn.rawValue, status: status, resolvedOn: resolvedOn?.rawValue, reservedUntil: option.reservedUntil.rawValue)
    }
}

extension Components.Schemas.IPAssetLicenceProposal {
    package init(_ proposal: IPAssetState.LicenceProposal, owners: Set<PartyID>) {
        let status: StatusPayload = proposal.grantedOn != nil ? .granted : proposal.withdrawal != nil ? .withdrawn : .open
        self.init(
            licence: proposal.id.rawValue, proposedBy: proposal.proposedBy.rawValue, licensee: proposal.licensee.rawValue,
            exclusivity: .init(proposal.exclusivity), fields: proposal.fields.map(\.rawValue), territories: proposal.territories.map(\.rawValue),
            term: periodJSON(proposal.term), sublicensable: proposal.sublicensable,
            royalty: .init(rateBasisPoints: proposal.royalty.rateBasisPoints.rawValue, minimumAnnual: proposal.royalty.minimumAnnual.map(moneyJSON)),
            proposedOn: proposal.proposedOn.rawValue, expiresOn: proposal.expiresOn?.rawValue, status: status,
            consents: proposal.consents.map(\.rawValue), awaiting: proposal.isOpen ? proposal.awaiting(owners: owners).map(\.rawValue) : [],
            grantedOn: proposal.grantedOn?.rawValue, withdrawnOn: proposal.withdrawal?.on.rawValue, withdrawnBy: proposal.withdrawal?.by.rawValue,
            withdrawalReason: proposal.withdrawal?.reason)
    }
}
