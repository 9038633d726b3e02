import LabLedgerDomain

/// Licences and royalties. Each asset licenses its three fields in three ways that never share
/// a slice: the optioned field exclusively (to the sponsor that exercised its option, or to
/// another company once the option is gone), the second field non-exclusively to several
/// companies, the third as a sole licence in one country. Licensees report royalties each quarter
/// or year and pay them, sometimes in instalments; a few licences are terminated early.
extension HistoryWorld {
    mutating func grantLicence(_ asset: Int, slot: HistoryLicenceSlot) throws {
        let plan = assetRecords[asset]
        let state = assets[asset]
        guard state.ownershipDeterminedOn != nil else { return }
        let owners = state.owners.sorted()
        guard !owners.isEmpty else { return }
        let ownerHandles = Set(try owners.map(partyHandle))

        let licensee: Int
        let exclusivity: Exclusivity
        let field: FieldOfUse
        var territories: [Territory]
        switch slot {
        case .optioned:
            guard !plan.optionedLicensed else { return }
            if plan.optionEnd == .exercised, let holder = plan.optionHolder {
                licensee = holder
            } else {
                licensee = try self.licensee(excluding: ownerHandles)
            }
            exclusivity = random.chance(0.7) ? .exclusive : .sole
            field = plan.fields[0]
            territories = random.chance(0.3) ? [.world] : [try territory()]
            assetRecords[asset].optionedLicensed = true
        case .open:
            guard plan.openLicences < 4 else { return }
            try offerForLicensing(asset, field: plan.fields[1], owners: owners)
            licensee = try self.licensee(excluding: ownerHandles)
            exclusivity = .nonExclusive
            field = plan.fields[1]
            territories = [try territory()]
            if random.chance(0.3) {
                let second = try territory()
                if second != territories[0] { territories.append(second) }
            }
            assetRecords[asset].openLicences += 1
            if random.chance(0.4) {
                schedule(.grantLicence(asset: asset, slot: .open), on: today + random.int(180...700), lab: plan.lab)
            }
        case .sole:
            licensee = try self.licensee(excluding: ownerHandles)
            exclusivity = .sole
            field = plan.fields[2]
            territories = [try territory()]
        }
        try ensureRegistered(licensee)

        // All owners grant, or one grants with the others' written consent.
        let licensors = random.chance(0.7) ? owners : [owners[0]]
        let consents = owners.filter { !licensors.contains($0) }
        let country = partyRecords[licensee].registration.country.rawValue
        let currency = try CurrencyCode(parsing: Self.currencies[country] ?? "USD")
        let annual = random.chance(0.4)
        let starts = try HistoryDay.adding(months: 1, to: try HistoryDay.monthStart(today))
        let term = try HistoryDay.range(starts, try HistoryDay.adding(years: random.int(5...10), to: starts))
        let unit = minorUnitsPerUnit(currency)
        let scale = (Self.unitsPerHundredDollars[currency.rawValue] ?? 100) * unit
        let minimum = annual && random.chance(0.5) ? Money(minorUnits: Int64(random.int(2...20)) * 100 * scale, currency: currency) : nil
        let number = plan.licences.count + 1
        let id = try LicenceID(parsing: "\(assets.names[asset].id)-l\(number)")
        let sublicensable = exclusivity == .exclusive && random.chance(0.5)
        let royalty = Royalty(rateBasisPoints: try BasisPoints(random.int(15...80) * 10), minimumAnnual: minimum)
        if exclusivity.reservesSlice, !consents.isEmpty, coverage.take(.licenceProposal, probability: 0.5, random: &random) {
            // The written consents as steps of their own: proposed by one owner, consented to by
            // each other owner, granted by the last consent.
            let (licenseeID, knownLicensee, proposedOn, expiresOn) = (partyID(licensee), known([licensee]), try date(today), try date(today + 90))
            let proposal = { (licence: LicenceID) -> IPAssetCommand in
                .proposeLicence(ProposeLicence(
                    licence: licence, proposedBy: licensors[0], licensee: licenseeID, exclusivity: exclusivity, fields: [field],
                    territories: territories, term: term, sublicensable: sublicensable, royalty: royalty, proposedOn: proposedOn,
                    expiresOn: expiresOn, parties: knownLicensee))
            }
            if coverage.take(.proposalWithdrawal, probability: 0.1, random: &random) {
                let draft = try LicenceID(parsing: "\(id.rawValue)-draft")
                record(try assets.append(asset, [proposal(draft)], at: occurredAt()))
                record(try assets.append(asset, [.withdrawLicenceProposal(WithdrawLicenceProposal(
                    licence: draft, by: consents[0], withdrawnOn: try date(today), reason: "The royalty rate is below what we license this field for"))],
                    at: occurredAt()))
            }
            record(try assets.append(asset, [proposal(id)], at: occurredAt()))
            for owner in consents {
                record(try assets.append(asset, [.consentToLicence(ConsentToLicence(licence: id, by: owner, consentedOn: try date(today)))], at: occurredAt()))
            }
        } else {
            record(try assets.append(asset, [.grantLicence(GrantLicence(
                licence: id, licensee: partyID(licensee), licensors: licensors, consents: consents, exclusivity: exclusivity,
                fields: [field], territories: territories, term: term, sublicensable: sublicensable,
                royalty: royalty, grantedOn: try date(today), parties: known([licensee])))], at: occurredAt()))
        }
        // The story's first termination comes after the first report, so even a small history has one.
        let first = !coverage.hasTaken(.licenceTermination)
        let terminates = coverage.take(.licenceTermination, probability: 0.15, random: &random) ? (first ? 1 : random.int(2...6)) : nil
        assetRecords[asset].licences.append(HistoryAsset.Licence(
            id: id, currency: currency, periodMonths: annual ? 12 : 3, nextPeriodStart: starts, terminatesAfter: terminates,
            salesScale: Int64(random.int(5...200)) * 100 * scale))
        let firstEnd = try HistoryDay.adding(months: annual ? 12 : 3, to: starts)
        schedule(.reportRoyalty(asset: asset, licence: number - 1), on: firstEnd + random.int(10...30), lab: plan.lab)
    }

    /// Before licensing the open field, the owners sometimes put the asset on the market for it
    /// (non-exclusively, worldwide), and now and then take it off again the same day.
    private mutating func offerForLicensing(_ asset: Int, field: FieldOfUse, owners: [PartyID]) throws {
        let state = assets[asset]
        guard state.offer == nil, !state.allPatentsLapsed, let first = owners.first, let last = owners.last,
            coverage.take(.licensingOffer, probability: 0.3, random: &random)
        else { return }
        record(try assets.append(asset, [.offerForLicensing(OfferForLicensing(
            by: first, fields: [field], territories: [.world], exclusivityOffered: false, offeredOn: try date(today)))], at: occurredAt()))
        if coverage.take(.licensingOfferWithdrawal, probability: 0.3, random: &random) {
            record(try assets.append(asset, [.withdrawLicensingOffer(WithdrawLicensingOffer(
                by: last, withdrawnOn: try date(today), reason: "Enough licensees in this field for now"))], at: occurredAt()))
        }
    }

    /// The royalty report for the next closed period: net sales around the licence's scale and
    /// the running royalty on them, topped up to the annual minimum where there is one. The
    /// payment follows the same day (same append) or a few weeks later; some licences are
    /// terminated at the end of a reported period.
    mutating func reportRoyalty(_ asset: Int, licence index: Int) throws {
        let plan = assetRecords[asset].licences[index]
        guard let licence = assets[asset].licence(plan.id), licence.terminatedOn == nil, let termEnd = licence.term.to else { return }
        let periodEnd = try HistoryDay.adding(months: plan.periodMonths, to: plan.nextPeriodStart)
        guard periodEnd <= HistoryDay.day(termEnd), periodEnd <= today else { return }
        let period = try HistoryDay.range(plan.nextPeriodStart, periodEnd)
        let netSales = Money(minorUnits: plan.salesScale / 100 * Int64(random.int(40...160)), currency: plan.currency)
        guard let running = licence.royalty.runningRoyalty(on: netSales) else { return }
        var due = running
        if let minimum = licence.royalty.minimumAnnual, minimum.minorUnits > due.minorUnits { due = minimum }
        var commands: [IPAssetCommand] = [.reportRoyalty(ReportRoyalty(
            licence: plan.id, period: period, netSales: netSales, royaltyDue: due, reportedOn: try date(today)))]
        let paysNow = due.isPositive && random.chance(0.3)
        if paysNow { commands.append(try payment(asset, licence: index, period: period, amount: due)) }
        let reports = plan.reports + 1
        let terminates = plan.terminatesAfter.map { reports >= $0 } ?? false
        if terminates, periodEnd < HistoryDay.day(termEnd) {
            commands.append(.terminateLicence(TerminateLicence(
                licence: plan.id, effectiveOn: try date(periodEnd), reason: "The licensee discontinued the product line")))
        }
        record(try assets.append(asset, commands, at: occurredAt()))
        assetRecords[asset].licences[index].reports = reports
        assetRecords[asset].licences[index].nextPeriodStart = periodEnd
        let lab = assetRecords[asset].lab
        if due.isPositive, !paysNow {
            schedule(.payRoyalty(asset: asset, licence: index, report: licence.reports.count), on: today + random.int(5...40), lab: lab)
        }
        let nextEnd = try HistoryDay.adding(months: plan.periodMonths, to: periodEnd)
        if !terminates, nextEnd <= HistoryDay.day(termEnd) {
            schedule(.reportRoyalty(asset: asset, licence: index), on: nextEnd + random.int(10...30), lab: lab)
        }
    }

    /// Pays what is still due on a report — in full, or half now and the rest a month later.
    mutating func payRoyalty(_ asset: Int, licence index: Int, report: Int) throws {
        let plan = assetRecords[asset].licences[index]
        guard let licence = assets[asset].licence(plan.id), report < licence.reports.count else { return }
        let reported = licence.reports[report]
        let owed = reported.royaltyDue.minorUnits - reported.paid.minorUnits
        guard owed > 0 else { return }
        let instalment = owed >= 2 && random.chance(0.15) ? owed / 2 : owed
        record(try assets.append(asset, [try payment(asset, licence: index, period: reported.period,
            amount: Money(minorUnits: instalment, currency: reported.royaltyDue.currency))], at: occurredAt()))
        if instalment < owed {
            schedule(.payRoyalty(asset: asset, licence: index, report: report), on: today + random.int(25...35), lab: assetRecords[asset].lab)
        }
    }

    private mutating func payment(_ asset: Int, licence index: Int, period: DateRange, amount: Money) throws -> IPAssetCommand {
        assetRecords[asset].licences[index].payments += 1
        let plan = assetRecords[asset].licences[index]
        return .recordRoyaltyPayment(RecordRoyaltyPayment(
            licence: plan.id, period: period, amount: amount, paidOn: try date(today), reference: "\(plan.id.rawValue)-p\(plan.payments)"))
    }

    private mutating func territory() throws -> Territory {
        try Territory(parsing: random.element(["CN", "CN", "HK", "US", "JP", "SG", "DE", "KR", "GB"]))
    }

    /// The currency a licensee in each country pays royalties in.
    static let currencies = ["CN": "CNY", "HK": "HKD", "US": "USD", "JP": "JPY", "SG": "SGD", "DE": "EUR", "KR": "KRW", "GB": "GBP"]

    /// Roughly what 100 US dollars are in each currency, so sales and minimums are of one size
    /// whatever the licensee pays in.
    static let unitsPerHundredDollars: [String: Int64] = [
        "USD": 100, "HKD": 780, "CNY": 720, "JPY": 15_000, "KRW": 130_000, "SGD": 135, "EUR": 92, "GBP": 79,
    ]
}
