import Foundation
import LabLedgerDomain
import PostgresNIO

/// What the `ip_assets` read model shows of assets on offer for licensing (migration 0042) to
/// keys that are not a party to them.
extension ReadModelQueries {
    /// An asset's public summary while on offer: none of the owners', licensees' or sponsors' business.
    struct LicensableRow: Sendable {
        var asset: String
        var lab: String
        var title: String
        var patentStatus: String
        var offeredBy: String
        var offeredOn: String
        var fields: [String]
        var territories: [String]
        var exclusivityOffered: Bool
        /// Offices of the patents granted and in force, sorted, each once: a pending application
        /// may be unpublished, and the owners' listing must not publish it.
        var patentOffices: [String]
    }

    /// The assets on offer after `after`, by asset id, leaving out those whose every patent has lapsed.
    func licensableIPAssets(after: String?, limit: Int) async throws -> [LicensableRow] {
        let rows = try await client.query(
            """
            SELECT a.asset_id, a.lab_id, a.title, a.patent_status, a.offered_by, a.offered_on::text,
                a.offer_fields, a.offer_territories, a.offer_exclusivity_offered,
                coalesce((SELECT array_agg(DISTINCT p.office ORDER BY p.office) FROM ip_asset_patents p
                          WHERE p.stream_id = a.stream_id AND p.status = 'granted'), '{}'::text[])
            FROM ip_assets a
            WHERE a.offered_on IS NOT NULL
              -- An offer outlives the lapse of its last patent, but nothing is left to license.
              AND a.patent_status <> 'lapsed'
              AND (\(after)::text IS NULL OR a.asset_id > \(after))
            ORDER BY a.asset_id
            LIMIT \(limit)
            """, logger: logger)
        var result: [LicensableRow] = []
        for try await (asset, lab, title, status, by, on, fields, territories, exclusivity, offices)
            in rows.decode((String, String, String, String, String, String, [String], [String], Bool, [String]).self)
        {
            result.append(LicensableRow(
                asset: asset, lab: lab, title: title, patentStatus: status, offeredBy: by, offeredOn: on, fields: fields,
                territories: territories, exclusivityOffered: exclusivity, patentOffices: offices))
        }
        return result
    }

    /// One asset's document for an availability question, and whether `party` (nil: a keeper)
    /// is a party to it; nil when there is no such asset. The caller shows a party that is not
    /// a party to it nothing beyond what the asset's offer allows.
    func ipAssetForAvailability(_ asset: IPAssetID, party: String?) async throws -> (document: Data, visible: Bool)? {
        let stream = StreamName.ipAsset(asset).rawValue
        let rows = try await client.query(
            """
            SELECT d.doc::text, ip_asset_viewer(a.stream_id, a.agreement_id, \(party)) IS NOT NULL
            FROM ip_assets a
            JOIN ip_assets_documents d ON d.stream_id = a.stream_id
            WHERE a.stream_id = \(stream)
            """, logger: logger)
        for try await (doc, visible) in rows.decode((String, Bool).self) { return (Data(doc.utf8), visible) }
        return nil
    }
}
