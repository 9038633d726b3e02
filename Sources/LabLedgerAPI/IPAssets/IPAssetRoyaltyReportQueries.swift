import Foundation
import PostgresNIO

/// `ip_asset_royalty_reports` (migration 0032), read by its primary key's order.
extension ReadModelQueries {
    struct RoyaltyReportRow: Sendable {
        /// The period's key (`IPAssetTables.periodKey`): the page's sort key and cursor.
        var period: String
        var periodFrom: String
        var periodTo: String?
        var reportedOn: String
        /// The currency of the royalty due and of the payments.
        var currency: String
        var royaltyDue: Int64
        var netSalesCurrency: String
        var netSales: Int64
        var paid: Int64
    }

    /// The reports of `licence` on the asset stream `stream` after the period key `after`, by
    /// period key: `from/to` in ISO dates, so text order is the periods' order by start, then end.
    /// An open end (`from/..`) would sort before every closed end of the same start, but none is
    /// stored: the domain refuses a report of an open-ended period
    /// (`ipasset.royalty-period-open-ended`).
    func royaltyReports(stream: String, licence: String, after: String?, limit: Int) async throws -> [RoyaltyReportRow] {
        let rows = try await client.query(
            """
            SELECT period, period_from::text, period_to::text, reported_on::text, currency, royalty_due_minor_units,
                net_sales_currency, net_sales_minor_units, paid_minor_units
            FROM ip_asset_royalty_reports
            WHERE stream_id = \(stream) AND licence_id = \(licence) AND (\(after)::text IS NULL OR period > \(after))
            ORDER BY period
            LIMIT \(limit)
            """, logger: logger)
        var result: [RoyaltyReportRow] = []
        for try await (period, from, to, reportedOn, currency, due, salesCurrency, sales, paid) in rows.decode(
            (String, String, String?, String, String, Int64, String, Int64, Int64).self)
        {
            result.append(
                RoyaltyReportRow(
                    period: period, periodFrom: from, periodTo: to, reportedOn: reportedOn, currency: currency, royaltyDue: due,
                    netSalesCurrency: salesCurrency, netSales: sales, paid: paid))
        }
        return result
    }
}
