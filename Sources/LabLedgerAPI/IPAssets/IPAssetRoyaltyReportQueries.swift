import Foundation
import LabLedgerReadModels
import PostgresNIO

/// `ip_asset_royalty_reports` (migration 0032), read by its primary key's order.
extension ReadModelQueries {
    /// The reports of `licence` on the asset stream `stream` after the period key `after`, by
    /// period key: `from/to` in ISO dates, so text order is the periods' order by start, then end.
    /// An open end (`from/..`) would sort before every closed end of the same start, but none is
    /// stored: the domain refuses a report of an open-ended period
    /// (`ipasset.royalty-period-open-ended`).
    func royaltyReports(stream: String, licence: String, after: String?, limit: Int) async throws -> [IPAssetTables.RoyaltyReport] {
        try await rowsAsJSON(
            """
            SELECT to_jsonb(r)::text
            FROM ip_asset_royalty_reports r
            WHERE r.stream_id = \(stream) AND r.licence_id = \(licence) AND (\(after)::text IS NULL OR r.period > \(after))
            ORDER BY r.period
            LIMIT \(limit)
            """, as: IPAssetTables.RoyaltyReport.self)
    }

    /// The first `limit` reports of each of `licences` on the asset stream `stream`, by period
    /// key as `royaltyReports` pages them: one query for any number of licences, each licence's
    /// rows read by the primary key (stream, licence, period) and cut at `limit`.
    func royaltyReports(stream: String, licences: [String], limit: Int) async throws -> [String: [IPAssetTables.RoyaltyReport]] {
        let rows = try await rowsAsJSON(
            """
            SELECT to_jsonb(r)::text
            FROM unnest(\(licences)::text[]) AS l(licence_id)
            CROSS JOIN LATERAL (
                SELECT * FROM ip_asset_royalty_reports
                WHERE stream_id = \(stream) AND licence_id = l.licence_id
                ORDER BY period
                LIMIT \(limit)) r
            ORDER BY l.licence_id, r.period
            """, as: IPAssetTables.RoyaltyReport.self)
        return Dictionary(grouping: rows, by: \.licence_id)
    }
}
