import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// An asset's document (`ip_assets_documents.doc`) with the asked party's `ip_asset_parties`
/// row (nil when it has no part in the asset or no party was asked) and the asset's value in a
/// list's sort column, as one query returns them.
struct IPAssetListed: Decodable, Sendable {
    /// `ip_assets.asset_id`: the next page's cursor names it.
    var assetId: String
    var document: IPAssetDocument
    var party: IPAssetTables.Party?
    var sortValue: String?
}

/// The `ip_assets` read model (with `directory_agreement_parties` for who is a party to an
/// asset's agreement).
///
/// A party is a party to an asset when `ip_asset_parties` names it (owner, former owner,
/// licensor, licensee, option sponsor) or it is a party to the asset's agreement.
extension ReadModelQueries {
    static let ipAssetProjections = ["ip_assets", "directory"]

    /// Assets after `after` in `order`, only those `party` sees (`ip_asset_viewer`, migration
    /// 0017) when it is given.
    ///
    /// The page is chosen on `ip_assets` alone, and only its rows are joined to their documents
    /// and built into JSON: PostgreSQL computes a plain select-list expression before a sort
    /// that no index provides, so building it over the whole table copied every visible
    /// asset's document (353 ms against 6 ms for 5,000 assets of about 20 KB, sorted by title).
    func ipAssets(party: String?, order: ListOrder<IPAssetSort>, after: ListCursor<IPAssetSort>?, limit: Int) async throws -> [IPAssetListed] {
        try await rowsAsJSON(
            """
            SELECT jsonb_build_object('assetId', a.asset_id, 'document', d.doc, 'party', to_jsonb(p), 'sortValue', \(sortValue: order))::text
            FROM (
                SELECT a.* FROM ip_assets a
                WHERE (\(party)::text IS NULL OR ip_asset_viewer(a.stream_id, a.agreement_id, \(party)) IS NOT NULL)
                  AND \(after: after, id: "a.asset_id")
                ORDER BY \(orderBy: order, id: "a.asset_id")
                LIMIT \(limit)) a
            JOIN ip_assets_documents d ON d.stream_id = a.stream_id
            LEFT JOIN ip_asset_parties p ON p.stream_id = a.stream_id AND p.party_id = \(party)
            ORDER BY \(orderBy: order, id: "a.asset_id")
            """, as: IPAssetListed.self)
    }

    /// One asset's document, nil when it does not exist or `party` (when given) sees no such
    /// asset (`ip_asset_viewer`, migrations 0017 and 0043).
    func ipAsset(_ asset: IPAssetID, visibleTo party: String?) async throws -> IPAssetDocument? {
        let stream = StreamName.ipAsset(asset).rawValue
        return try await rowsAsJSON(
            """
            SELECT d.doc::text
            FROM ip_assets a
            JOIN ip_assets_documents d ON d.stream_id = a.stream_id
            WHERE a.stream_id = \(stream) AND ip_asset_viewer(a.stream_id, a.agreement_id, \(party)) IS NOT NULL
            """, as: IPAssetDocument.self
        ).first
    }

    /// `GET /v1/ip-assets/{assetId}`'s answer as the projection stored it for `party`'s kind of
    /// key (`ip_asset_views`), with the stream version for the ETag; nil when there is none to
    /// serve (no such asset, not visible to `party`, or not rendered yet).
    func ipAssetAnswer(_ asset: IPAssetID, visibleTo party: String?) async throws -> (body: ByteBuffer, version: Int)? {
        let statement = IPAssetAnswerStatement(stream: StreamName.ipAsset(asset).rawValue, party: party)
        for (body, version) in try await client.execute(statement, logger: logger) { return (body, version) }
        return nil
    }

    /// `GET /v1/ip-assets`'s items from the answers the projection stored (`ip_asset_views.answer`,
    /// or `body` as older workers wrote it, without the single-asset answer's `inventors` and
    /// `transfers`, migration 0044, and with the stream's version, migration 0046) for the
    /// kind of key `viewer` is, with `party`'s roles added when a party is asked about: the
    /// assets after `after` that `party` sees (all when nil), by asset id. An item is nil when
    /// the asset has no stored answer (not rendered yet).
    func ipAssetItems(party: String?, viewer: String?, after: String?, limit: Int) async throws -> [(assetID: String, item: ByteBuffer?)] {
        let rows = try await client.query(
            """
            SELECT a.asset_id,
                ((coalesce(v.answer, v.body) - '{inventors,transfers}'::text[]) || jsonb_build_object('version', a.stream_version)
                    || CASE WHEN \(party)::text IS NULL THEN '{}'::jsonb
                      ELSE jsonb_build_object('partyRoles', coalesce(p.roles, '{}'::text[])) END)::text
            FROM ip_assets a
            LEFT JOIN ip_asset_parties p ON p.stream_id = a.stream_id AND p.party_id = \(party)
            LEFT JOIN ip_asset_views v ON v.stream_id = a.stream_id AND v.viewer = ip_asset_viewer(a.stream_id, a.agreement_id, \(viewer))
            WHERE (\(party)::text IS NULL OR ip_asset_viewer(a.stream_id, a.agreement_id, \(party)) IS NOT NULL)
              AND (\(after)::text IS NULL OR a.asset_id > \(after))
            ORDER BY a.asset_id
            LIMIT \(limit)
            """, logger: logger)
        var result: [(assetID: String, item: ByteBuffer?)] = []
        for try await (asset, item) in rows.decode((String, ByteBuffer?).self) { result.append((asset, item)) }
        return result
    }
}

/// The stored-answer query, prepared once per connection: it is the hottest query, and as an
/// unnamed statement it would be parsed and described again on every call. The body's text is
/// taken as raw bytes: it is written to the response as it is. The stored answer has no
/// `version` (migration 0046: an answer an event did not change is not written again); the
/// stream's version goes in as the first member, after the brace that opens the answer's text
/// (every answer has members: it names its asset). A row an older worker wrote has it in `body`.
/// Package-visible for the API bench, which measures the same statement from pgbench and from a
/// bare route (`FloorServer`).
package struct IPAssetAnswerStatement: PostgresPreparedStatement {
    package static let name = "labledger_ip_asset_answer_v2"
    package static let sql = """
        SELECT CASE WHEN v.answer IS NULL THEN v.body::text
                    ELSE '{"version": ' || a.stream_version || ', ' || substr(v.answer::text, 2) END,
               a.stream_version
        FROM ip_assets a
        JOIN ip_asset_views v ON v.stream_id = a.stream_id
        WHERE a.stream_id = $1 AND v.viewer = ip_asset_viewer(a.stream_id, a.agreement_id, $2)
        """
    package typealias Row = (ByteBuffer, Int)

    package var stream: String
    /// The key's party; nil for keepers.
    package var party: String?

    package init(stream: String, party: String?) {
        self.stream = stream
        self.party = party
    }

    package func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(stream)
        if let party { bindings.append(party) } else { bindings.appendNull() }
        return bindings
    }

    package func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
