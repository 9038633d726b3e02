import LabLedgerDomain

extension IPAssetTables {
    /// One row per royalty report, written by key when it is reported and rewritten when a
    /// payment against it is recorded (`schema/migrations/0032_ip_asset_royalty_reports.sql`).
    public static let royaltyReports = "ip_asset_royalty_reports"
    /// Its primary key, in order: what `RowKey`s of the table hold.
    public static let royaltyReportColumns = ["stream_id", "licence_id", "period"]

    /// A royalty report as `IPAssetState.RoyaltyReport` holds it, with its licence and asset.
    public struct RoyaltyReport: Codable, Sendable, Equatable {
        public let stream_id: String
        public let asset_id: String
        public let licence_id: String
        /// `IPAssetTables.periodKey` of the period reported.
        public let period: String
        public let period_from: String
        public let period_to: String?
        public let reported_on: String
        /// The currency of the royalty due; payments are in it.
        public let currency: String
        public let royalty_due_minor_units: Int64
        public let net_sales_currency: String
        public let net_sales_minor_units: Int64
        public internal(set) var paid_minor_units: Int64

        init(streamID: String, asset: String, licence: LicenceID, report: IPAssetRoyaltyReportFacts) {
            stream_id = streamID
            asset_id = asset
            licence_id = licence.rawValue
            period = IPAssetTables.periodKey(report.period)
            period_from = report.period.from.rawValue
            period_to = report.period.to?.rawValue
            reported_on = report.reportedOn.rawValue
            currency = report.royaltyDue.currency.rawValue
            royalty_due_minor_units = report.royaltyDue.minorUnits
            net_sales_currency = report.netSales.currency.rawValue
            net_sales_minor_units = report.netSales.minorUnits
            paid_minor_units = report.paid.minorUnits
        }

        /// The same report with `paid` as its payments' sum.
        func paying(_ paid: Money) -> RoyaltyReport {
            var row = self
            row.paid_minor_units = paid.minorUnits
            return row
        }
    }

    /// A period as a key column: ISO 8601's interval notation, `..` for an open end.
    static func periodKey(_ period: DateRange) -> String {
        "\(period.from.rawValue)/\(period.to?.rawValue ?? "..")"
    }

    /// The key of the report of `period` under `licence` on `streamID`.
    static func royaltyReportKey(_ streamID: String, _ licence: LicenceID, _ period: DateRange) -> RowKey {
        RowKey(royaltyReports, [streamID, licence.rawValue, periodKey(period)])
    }
}
