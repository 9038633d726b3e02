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

    /// The first `limit` reports of each of `licences` on the asset stream `stream`, by period
    /// key as `royaltyReports` pages them: one query for any number of licences, each licence's
    /// rows read by the primary key (stream, licence, period) and cut at `limit`.
    func royaltyReports(stream: String, licences: [String], limit: Int) async throws -> [String: [RoyaltyReportRow]] {
        let rows = try await client.query(
            """
            SELECT l.licence_id, r.period, r.period_from::text, r.period_to::text, r.reported_on::text, r.currency,
                r.royalty_due_minor_units, r.net_sales_currency, r.net_sales_minor_units, r.paid_minor_units
            FROM unnest(\(licences)::text[]) AS l(licence_id)
            CROSS JOIN LATERAL (
                SELECT * FROM ip_asset_royalty_reports
                WHERE stream_id = \(stream) AND licence_id = l.licence_id
                ORDER BY period
                LIMIT \(limit)) r
            ORDER BY l.licence_id, r.period
            """, logger: logger)
        var result: [String: [RoyaltyReportRow]] = [:]
        for try await (licence, period, from, to, reportedOn, currency, due, salesCurrency, sales, paid) in rows.decode(
            (String, String, String, String?, String, String, Int64, String, Int64, Int64).self)
        {
            result[licence, default: []].append(
                RoyaltyReportRow(
                    period: period, periodFrom: from, periodTo: to, reportedOn: reportedOn, currency: currency, royaltyDue: due,
                    netSalesCurrency: salesCurrency, netSales: sales, paid: paid))
        }
        return result
    }
}
