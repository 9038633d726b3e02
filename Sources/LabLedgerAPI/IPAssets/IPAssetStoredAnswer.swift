import HTTPTypes
import LabLedgerDomain
import OpenAPIRuntime

extension APIHandler {
    /// `GET /v1/ip-assets/{assetId}` from the answer the projection stored for the key's kind
    /// (`ip_asset_views`): authentication, the read-your-writes wait, one query, the bytes. Nil
    /// leaves the request to `getIPAsset`: with `asOf` or `axis` (the past is folded per
    /// request), an `Accept` the runtime must judge, or no stored answer (no such asset, one the
    /// key does not see — `getIPAsset` answers both 404 — or one not rendered yet).
    func storedIPAsset(_ request: HTTPRequest, _ metadata: ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody)? {
        guard StoredAnswer.servable(request, unless: ["asOf", "axis"]) else { return nil }
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.ipAssetProjections) { reads in
            guard let text = StoredAnswer.pathParameter("assetId", metadata), let asset = try? IPAssetID(parsing: text),
                let answer = try await reads.ipAssetAnswer(asset, visibleTo: principal.party?.rawValue)
            else { return nil }
            return StoredAnswer.ok(answer.body, eTag: "\"\(answer.version)\"")
        }
    }

    /// `GET /v1/ip-assets` from the stored answers (`ip_asset_views`, as items), with the
    /// same checks, visibility and cursor as `listIPAssets`. Nil leaves the request to
    /// `listIPAssets`: a parameter it must judge (one that does not parse, a party that is not the
    /// key's own), a sorted list (`sort`, `order`: the stored path reads by asset id only), an
    /// `Accept` the runtime must judge, or an asset on the page with no stored answer yet.
    func storedIPAssetList(_ request: HTTPRequest) async throws -> (HTTPResponse, HTTPBody)? {
        guard StoredAnswer.servable(request, unless: ["sort", "order"]), let query = StoredAnswer.plainQuery(request) else { return nil }
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.ipAssetProjections) { reads in
            var asked: PartyID?
            if let text = query["party"] {
                guard let party = try? PartyID(parsing: text) else { return nil }
                asked = party
            }
            if let own = principal.party, let asked, asked != own { return nil }
            let party = principal.party ?? asked
            // A limit that is no number becomes 0, which PageSize refuses as well.
            guard let limit = try? PageSize.parse(query["limit"].map { Int($0) ?? 0 }) else { return nil }
            let cursor: Cursor?
            do { cursor = try Cursor.parse(query["after"], keys: 1) } catch { return nil }
            let rows = try await reads.ipAssetItems(party: party?.rawValue, viewer: principal.party?.rawValue, after: cursor?.keys.first, limit: limit + 1)
            let items = rows.prefix(limit).compactMap { $0.item }
            guard items.count == min(rows.count, limit) else { return nil }
            let next = rows.count > limit ? rows.prefix(limit).last.map { Cursor([$0.assetID]).token } : nil
            return StoredAnswer.page(items, next: next)
        }
    }
}
