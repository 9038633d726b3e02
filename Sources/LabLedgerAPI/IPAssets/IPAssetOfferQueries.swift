import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// What the `ip_assets` read model shows of assets on offer for licensing (migration 0042) to
/// keys that are not a party to them.
extension ReadModelQueries {
    /// The assets on offer after `after`, by asset id, leaving out those whose every patent has lapsed.
    func licensableIPAssets(after: String?, limit: Int) async throws -> [LicensableIPAssetRow] {
        try await rowsAsJSON(
            """
            SELECT jsonb_build_object(
                'asset', to_jsonb(a),
                'grantedOffices', (SELECT coalesce(jsonb_agg(DISTINCT p.office ORDER BY p.office), '[]'::jsonb) FROM ip_asset_patents p
                                   WHERE p.stream_id = a.stream_id AND p.status = 'granted'))::text
            FROM ip_assets a
            WHERE a.offered_on IS NOT NULL
              -- An offer outlives the lapse of its last patent, but nothing is left to license.
              AND a.patent_status <> 'lapsed'
              AND (\(after)::text IS NULL OR a.asset_id > \(after))
            ORDER BY a.asset_id
            LIMIT \(limit)
            """, as: LicensableIPAssetRow.self)
    }

    /// One asset's document for an availability question, and whether `party` (nil: a keeper)
    /// is a party to it; nil when there is no such asset. The caller shows a party that is not
    /// a party to it nothing beyond what the asset's offer allows.
    func ipAssetForAvailability(_ asset: IPAssetID, party: String?) async throws -> (document: IPAssetDocument, visible: Bool)? {
        let stream = StreamName.ipAsset(asset).rawValue
        let rows = try await rowsAsJSON(
            """
            SELECT jsonb_build_object('document', d.doc, 'visible', ip_asset_viewer(a.stream_id, a.agreement_id, \(party)) IS NOT NULL)::text
            FROM ip_assets a
            JOIN ip_assets_documents d ON d.stream_id = a.stream_id
            WHERE a.stream_id = \(stream)
            """, as: AssetForAvailability.self)
        return rows.first.map { ($0.document, $0.visible) }
    }
}

/// An `ip_assets` row on offer with the offices of its patents granted and in force, sorted,
/// each once: a pending application may be unpublished, and the owners' listing must not
/// publish it.
struct LicensableIPAssetRow: Decodable, Sendable {
    var asset: IPAssetTables.Asset
    var grantedOffices: [String]
}

private struct AssetForAvailability: Decodable {
    var document: IPAssetDocument
    var visible: Bool
}
