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

    package struct View: Encodable, Sendable {
        package let stream_id: String
        /// `IPAssetViewer.keepers`, `IPAssetViewer.agreementParty` or a party id.
        package let viewer: String
        /// The asset in full. The list's item is this without `inventors` and `transfers`, which
        /// the list's query takes away (migration 0044), so it is not rendered and stored twice.
        package let body: Components.Schemas.IPAsset
    }
}

extension IPAssetReadModel {
    /// The stored answers of `document`, one per kind of key; `parties` are the asset's parties
    /// (`partyRows`). None for an owner: an owner's answer is the keepers'.
    static func views(_ document: IPAssetDocument, streamID: String, parties: [PartyID]) throws -> [IPAssetTables.View] {
        func view(_ key: String, _ viewer: LicenceViewer) throws -> IPAssetTables.View {
            IPAssetTables.View(
                stream_id: streamID, viewer: key, body: try Components.Schemas.IPAsset(document, partyRoles: nil, full: true, viewer: viewer))
        }
        // The marker is no slug, so it names no owner, licensee or licensor: the viewer of any
        // party with no part in the asset.
        let outsider = LicenceViewer(party: PartyID(validated: IPAssetViewer.agreementParty))
        return try [view(IPAssetViewer.keepers, LicenceViewer(party: nil)), view(IPAssetViewer.agreementParty, outsider)]
            + parties.filter { !document.state.isOwner($0) }.map { try view($0.rawValue, LicenceViewer(party: $0)) }
    }
}
