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
    ///
    /// `rendering` names the answers a page's events can have changed; the others are kept as
    /// written (`ReadModelRows.keep`). Nil renders every answer.
    static func views(
        _ document: IPAssetDocument, streamID: String, parties: [PartyID], rendering: IPAssetAnswersChanged? = nil, into rows: inout ReadModelRows
    ) throws {
        // Keys are sorted, and `version` sorts after every other member of `IPAsset`: the
        // rendering ends in `,"version":N}`, which is cut to `}`. A member sorting after it would
        // end the rendering otherwise, and the check below refuses that rather than store it.
        let suffix = Array(",\"version\":\(document.streamVersion)}".utf8)
        func add(_ key: String, _ viewer: LicenceViewer) throws {
            if let rendering, !rendering.includes(key) {
                rows.keep(key: [streamID, key], in: IPAssetTables.views)
                return
            }
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

/// Which stored answers of an asset a page's events can have changed, so that only those are
/// rendered. What an answer shows is `Components.Schemas.IPAsset(_:partyRoles:full:viewer:)`
/// less its version, and:
///
/// - a royalty report or payment changes only what shows its licence in full: its royalties and
///   the asset's totals. Keepers see every licence in full (and so do the owners, who are served
///   the keepers' answer); a party with a part in the asset sees in full only the licences it is
///   licensee or licensor of; the agreement's other parties see none. No party's roles change.
/// - a proposal, a consent to it or its withdrawal shows only to those who see proposals: the
///   keepers (and owners).
/// - an offer for licensing, or its withdrawal, shows in no answer (it is `ip_assets`' columns).
/// - every other event may change what every answer shows, or who has an answer of their own.
///
/// `IPAssetAnswersChangedTests` holds this to full rendering over a generated history: every
/// answer it leaves out is the same bytes the document before the events rendered.
struct IPAssetAnswersChanged: Sendable, Equatable {
    /// Every answer, the agreement's other parties' included.
    var all = false
    var keepers = false
    /// Parties whose own answers changed, by id.
    var parties: Set<String> = []

    init(by events: [IPAssetEvent], in state: IPAssetState) {
        for event in events {
            switch event {
            case .royaltyReported(let e): showInFull(e.licence, in: state)
            case .royaltyPaid(let e): showInFull(e.licence, in: state)
            case .licenceProposed, .licenceConsentGiven, .licenceProposalWithdrawn: keepers = true
            case .offeredForLicensing, .offerWithdrawn: continue
            case .inventionDisclosed, .ownershipDetermined, .optionGranted, .optionExercised, .optionDeclined, .optionLapsed,
                .patentApplicationFiled, .patentGranted, .patentLapsed, .ownershipTransferred, .licenceGranted, .licenceTerminated:
                all = true
            }
        }
    }

    /// A change to `licence` as those who see it in full see it.
    private mutating func showInFull(_ licence: LicenceID, in state: IPAssetState) {
        guard let granted = state.licence(licence) else {
            // The fold refuses a report on a licence never granted; were one folded, render all.
            all = true
            return
        }
        keepers = true
        parties.insert(granted.licensee.rawValue)
        for licensor in granted.licensors { parties.insert(licensor.rawValue) }
    }

    /// Whether the answer stored under `viewer` (`IPAssetViewer` or a party's id) is rendered.
    func includes(_ viewer: String) -> Bool {
        if all { return true }
        switch viewer {
        case IPAssetViewer.keepers: return keepers
        case IPAssetViewer.agreementParty: return false
        default: return parties.contains(viewer)
        }
    }
}
