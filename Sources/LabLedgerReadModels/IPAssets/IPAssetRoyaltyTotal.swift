import LabLedgerDomain

/// A licence's royalties reported and paid in one currency (that of the royalty due), summed as
/// the reports and payments are folded: what `ip_asset_royalties` and the stored answers show,
/// kept in the document instead of the reports themselves, whose rows are
/// `ip_asset_royalty_reports`. Its size does not depend on how many reports there were.
public struct IPAssetRoyaltyTotal: Codable, Sendable, Equatable {
    public var reports: Int
    /// The latest end of a period reported; nil while every period reported was open-ended
    /// (the answer's `reportedUntil`).
    public var reportedUntil: LocalDate?
    /// The latest end of a period reported, an open-ended period counting its start
    /// (`ip_asset_royalties.reported_until`).
    public var reportedThrough: LocalDate
    /// In the currency of the first report's net sales (decide keeps it the royalty's).
    public var netSales: Money
    public var due: Money
    public var paid: Money

    /// The total of one report alone.
    init(_ report: IPAssetRoyaltyReportFacts) {
        reports = 1
        reportedUntil = report.period.to
        reportedThrough = report.period.to ?? report.period.from
        netSales = report.netSales
        due = report.royaltyDue
        paid = report.paid
    }

    /// Adds `other` (another report's total, or another licence's in the same currency).
    mutating func add(_ other: IPAssetRoyaltyTotal) throws(ValueError) {
        reports += other.reports
        if let end = other.reportedUntil { reportedUntil = max(reportedUntil ?? end, end) }
        reportedThrough = max(reportedThrough, other.reportedThrough)
        netSales = try netSales.adding(other.netSales)
        due = try due.adding(other.due)
        paid = try paid.adding(other.paid)
    }
}

/// What a royalty report says, as `IPAssetState.RoyaltyReport` holds it (whose initialiser is
/// the domain's own): from a `RoyaltyReported` event, or from a version 2 document's state.
struct IPAssetRoyaltyReportFacts: Sendable, Equatable {
    let period: DateRange
    let netSales: Money
    let royaltyDue: Money
    let reportedOn: LocalDate
    /// The sum of the payments against it.
    let paid: Money

    init(_ e: RoyaltyReported) {
        period = e.period
        netSales = e.netSales
        royaltyDue = e.royaltyDue
        reportedOn = e.reportedOn
        paid = .zero(e.royaltyDue.currency)
    }

    init(_ report: IPAssetState.RoyaltyReport) {
        period = report.period
        netSales = report.netSales
        royaltyDue = report.royaltyDue
        reportedOn = report.reportedOn
        paid = report.paid
    }
}

extension IPAssetDocument {
    /// Adds `report` to its licence's total in its currency. A sum that does not fit, or net sales
    /// in another currency than the earlier reports', is refused: no total could be shown.
    mutating func addRoyalty(_ report: IPAssetRoyaltyReportFacts, licence: LicenceID, streamID: String) throws {
        let currency = report.royaltyDue.currency.rawValue
        let added = IPAssetRoyaltyTotal(report)
        guard var total = royalties[licence.rawValue]?[currency] else {
            royalties[licence.rawValue, default: [:]][currency] = added
            return
        }
        do {
            try total.add(added)
        } catch {
            throw Self.unsummable(streamID, RoyaltyReported.eventType, licence, currency, error)
        }
        royalties[licence.rawValue, default: [:]][currency] = total
    }

    /// Adds a payment of `amount` (the report's currency) to its licence's total paid.
    mutating func addPayment(_ amount: Money, licence: LicenceID, streamID: String) throws {
        let currency = amount.currency.rawValue
        guard var total = royalties[licence.rawValue]?[currency] else {
            throw ReadModelError.outOfOrder(streamID: streamID, type: RoyaltyPaid.eventType, reason: "licence '\(licence)' has no total in \(currency)")
        }
        do {
            total.paid = try total.paid.adding(amount)
        } catch {
            throw Self.unsummable(streamID, RoyaltyPaid.eventType, licence, currency, error)
        }
        royalties[licence.rawValue]?[currency] = total
    }

    private static func unsummable(_ streamID: String, _ type: String, _ licence: LicenceID, _ currency: String, _ error: ValueError) -> ReadModelError {
        .outOfOrder(streamID: streamID, type: type, reason: "the royalties of licence '\(licence)' in \(currency) cannot be summed: \(error.message)")
    }
}
