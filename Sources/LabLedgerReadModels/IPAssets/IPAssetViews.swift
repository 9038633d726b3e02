import Foundation
import LabLedgerContract
import LabLedgerDomain

/// `GET /v1/ip-assets/{assetId}`'s answer, rendered when the stream changes and stored in
/// `ip_asset_views` (`schema/migrations/0017_ip_asset_views.sql`), so the queries write stored
/// bytes instead of decoding the document and encoding the answer per request. The asset's item
/// of `GET /v1/ip-assets` is the same answer less `inventors` and `transfers`, which the list's
/// query takes away (migration 0044).
///
/// What a key sees of the licences depends on whom it acts for (`LicenceViewer`), so there is
/// one answer per kind of key: keepers (no party) and the asset's current owners, who see what
/// keepers see and read their row (`ip_asset_viewer`, migration 0045); each other party with a
/// part in the asset; and any other party that sees the asset (a party to its agreement, which
/// sees every licence's scope only). Each is rendered by the same `Components.Schemas.IPAsset`
/// initialiser the API uses for `asOf`, so the rule exists once.
package enum IPAssetViewer {
    /// Admins, operators and auditors, and the asset's current owners, who see what they see.
    package static let keepers = "*"
    /// A party to the asset's agreement that has no part in the asset.
    package static let agreementParty = "-"
}

extension IPAssetTables {
    /// The stored answers per kind of key.
    public static let views = "ip_asset_views"
    /// Its rows are written only when they change (`ReadModelProjection.diffedTables`), by this key.
    public static let viewKey = ["stream_id", "viewer"]
}

/// An answer whose rendering did not end in the `version` member it must end in.
package struct IPAssetAnswerVersionMissing: Error, CustomStringConvertible {
    package let streamID: String
    package var description: String { "The stored answer of \(streamID) does not end in its version." }
}

extension IPAssetReadModel {
    /// The stored answers of `document`, one per kind of key, as rows of `ip_asset_views` with
    /// their keys; `parties` are the asset's parties (`partyRows`). None for an owner: an owner's
    /// answer is the keepers'.
    ///
    /// Each row is `{"answer": …, "stream_id": …, "viewer": …}`, `viewer` being
    /// `IPAssetViewer.keepers`, `IPAssetViewer.agreementParty` or a party id. The answer is the
    /// asset in full without `version` (migration 0046): the queries add the version from
    /// `ip_assets.stream_version`, so an answer the event did not change is the same bytes as
    /// before and the runner need not write it again. The list's item is the answer without
    /// `inventors` and `transfers`, which the list's query takes away (migration 0044).
    static func views(_ document: IPAssetDocument, streamID: String, parties: [PartyID], into rows: inout ReadModelRows) throws {
        // Keys are sorted, and `version` sorts after every other member of `IPAsset`: the
        // rendering ends in `,"version":N}`, which is cut to `}`. A member sorting after it would
        // end the rendering otherwise, and the check below refuses that rather than store it.
        let suffix = Array(",\"version\":\(document.streamVersion)}".utf8)
        func add(_ key: String, _ viewer: LicenceViewer) throws {
            let rendered = try ReadModelRows.encoder.encode(
                try Components.Schemas.IPAsset(document, partyRoles: nil, full: true, viewer: viewer))
            guard rendered.count > suffix.count, rendered.suffix(suffix.count).elementsEqual(suffix) else {
                throw IPAssetAnswerVersionMissing(streamID: streamID)
            }
            var row = Array(#"{"answer":"#.utf8)
            row.reserveCapacity(rendered.count + streamID.utf8.count + key.utf8.count + 40)
            row.append(contentsOf: rendered.dropLast(suffix.count))
            row.append(UInt8(ascii: "}"))
            row.append(contentsOf: #","stream_id":"#.utf8)
            CompactJSONEncoder.appendString(streamID, to: &row)
            row.append(contentsOf: #","viewer":"#.utf8)
            CompactJSONEncoder.appendString(key, to: &row)
            row.append(UInt8(ascii: "}"))
            rows.add(encoded: Data(row), key: [streamID, key], to: IPAssetTables.views)
        }
        // The marker is no slug, so it names no owner, licensee or licensor: the viewer of any
        // party with no part in the asset.
        try add(IPAssetViewer.keepers, LicenceViewer(party: nil))
        try add(IPAssetViewer.agreementParty, LicenceViewer(party: PartyID(validated: IPAssetViewer.agreementParty)))
        for party in parties where !document.state.isOwner(party) {
            try add(party.rawValue, LicenceViewer(party: party))
        }
    }
}
