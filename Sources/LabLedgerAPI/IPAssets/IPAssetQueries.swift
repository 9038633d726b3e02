import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// The `ip_assets` read model (with `directory_agreement_parties` for who is a party to an
/// asset's agreement).
///
/// A party is a party to an asset when `ip_asset_parties` names it (owner, former owner,
/// licensor, licensee, option sponsor) or it is a party to the asset's agreement.
extension ReadModelQueries {
    static let ipAssetProjections = ["ip_assets", "directory"]

    struct IPAssetRow: Sendable {
        var assetID: String
        /// `ip_assets_documents.doc` as stored.
        var document: Data
        /// The asked party's roles (`ip_asset_parties.roles`), nil when it has none or none was asked.
        var roles: [String]?
    }

    /// Assets after `after` by asset id, only those `party` is a party to when it is given.
    func ipAssets(party: String?, after: String?, limit: Int) async throws -> [IPAssetRow] {
        let rows = try await client.query(
            """
            SELECT a.asset_id, d.doc::text, p.roles
            FROM ip_assets a
            JOIN ip_assets_documents d ON d.stream_id = a.stream_id
            LEFT JOIN ip_asset_parties p ON p.stream_id = a.stream_id AND p.party_id = \(party)
            WHERE (\(party)::text IS NULL OR p.party_id IS NOT NULL OR EXISTS (
                    SELECT 1 FROM directory_agreement_parties ap WHERE ap.agreement_id = a.agreement_id AND ap.party_id = \(party)))
              AND (\(after)::text IS NULL OR a.asset_id > \(after))
            ORDER BY a.asset_id
            LIMIT \(limit)
            """, logger: logger)
        var result: [IPAssetRow] = []
        for try await (asset, doc, roles) in rows.decode((String, String, [String]?).self) {
            result.append(IPAssetRow(assetID: asset, document: Data(doc.utf8), roles: roles))
        }
        return result
    }

    /// One asset's document, nil when it does not exist or `party` (when given) is not a party to it.
    func ipAsset(_ asset: IPAssetID, visibleTo party: String?) async throws -> Data? {
        let stream = StreamName.ipAsset(asset).rawValue
        let rows = try await client.query(
            """
            SELECT d.doc::text
            FROM ip_assets a
            JOIN ip_assets_documents d ON d.stream_id = a.stream_id
            WHERE a.stream_id = \(stream)
              AND (\(party)::text IS NULL
                OR EXISTS (SELECT 1 FROM ip_asset_parties p WHERE p.stream_id = a.stream_id AND p.party_id = \(party))
                OR EXISTS (SELECT 1 FROM directory_agreement_parties ap WHERE ap.agreement_id = a.agreement_id AND ap.party_id = \(party)))
            """, logger: logger)
        for try await doc in rows.decode(String.self) { return Data(doc.utf8) }
        return nil
    }
}
