import Foundation
import LabLedgerDomain

/// One IP asset stream as the `ip_assets` read model keeps it (`ip_assets_documents.doc`).
///
/// `state` is the domain's own `IPAssetState`, folded by `IPAssetDecider.evolve`, so questions
/// the domain answers from its state (licence availability) are answered from the stored copy
/// by the domain's code, never by a second implementation of its rules — except the royalty
/// reports and payments, which the state would accumulate without bound (each licence's
/// `reports` and `paymentReferences` stay empty here): each report is a row of
/// `ip_asset_royalty_reports` and the document keeps their totals (`royalties`), so it stays
/// as small as the asset's licences, options and filings however long the stream is. The other
/// fields are what the read model needs beyond the state: where the stream stands, and facts of
/// the events that the state drops (ownership history, consents, reasons).
public struct IPAssetDocument: Codable, Sendable, Equatable {
    /// A change of ownership after it was determined.
    public struct Transfer: Codable, Sendable, Equatable {
        public let from: PartyID
        public let to: PartyID
        public let shareBasisPoints: Int
        public let transferredOn: LocalDate

        public init(from: PartyID, to: PartyID, shareBasisPoints: Int, transferredOn: LocalDate) {
            self.from = from
            self.to = to
            self.shareBasisPoints = shareBasisPoints
            self.transferredOn = transferredOn
        }
    }

    /// What a licence's events say beyond `IPAssetState.Licence`.
    public struct LicenceNotes: Codable, Sendable, Equatable {
        /// The co-owners who consented besides the licensors, as granted.
        public var consents: [PartyID]
        public var terminationReason: String?

        public init(consents: [PartyID], terminationReason: String? = nil) {
            self.consents = consents
            self.terminationReason = terminationReason
        }
    }

    /// The stream version of the last event folded in.
    public var streamVersion: Int
    /// The global position of the last event folded in.
    public var lastPosition: Int64
    public var state: IPAssetState
    /// The owners as first determined (nil before); with `transfers`, the ownership history.
    public var ownersDetermined: [AssetOwner]?
    public var transfers: [Transfer]
    /// By licence id (a JSON object, so sorted keys keep the bytes stable).
    public var licences: [String: LicenceNotes]
    /// Why each lapsed patent lapsed, by patent number.
    public var patentLapseReasons: [String: String]
    /// Royalties reported and paid, by licence id and then by the currency of the royalty due.
    public var royalties: [String: [String: IPAssetRoyaltyTotal]]
    /// Reports a version 2 document held in its state, not yet written as rows: the next fold
    /// writes them (`IPAssetDocumentVersions.swift`). Not stored.
    var unwrittenReports: [IPAssetDocument.LicenceReport]

    public init(streamVersion: Int, lastPosition: Int64, state: IPAssetState) {
        self.streamVersion = streamVersion
        self.lastPosition = lastPosition
        self.state = state
        ownersDetermined = nil
        transfers = []
        licences = [:]
        patentLapseReasons = [:]
        royalties = [:]
        unwrittenReports = []
    }

    enum CodingKeys: String, CodingKey {
        case streamVersion, lastPosition, state, ownersDetermined, transfers, licences, patentLapseReasons, royalties
    }

    /// Every party that ever held a share: the owners determined and every transferee.
    public var everOwned: Set<PartyID> {
        Set((ownersDetermined ?? []).map(\.party)).union(transfers.map(\.to))
    }

    /// Could `licensee` be licensed with `exclusivity` for `field` in `territory` on `date`?
    /// The domain's own answer (`IPAssetState.availability`), on this document's state. Like
    /// the domain's query it weighs only the slices of other licences and options; ownership,
    /// consents and the other rules of a grant are `decide`'s.
    public func availability(
        licensee: PartyID, exclusivity: Exclusivity, field: FieldOfUse, territory: Territory, on date: LocalDate
    ) -> LicenceAvailability {
        state.availability(licensee: licensee, exclusivity: exclusivity, field: field, territory: territory, on: date)
    }
}

extension IPAssetDocument {
    /// A royalty report with the licence it is under.
    struct LicenceReport: Sendable, Equatable {
        let licence: LicenceID
        let report: IPAssetState.RoyaltyReport
    }

    /// Reads this document and also the one version 2 of the projection stored, whose reports
    /// (and payment references) are in the state's licences: while a rebuild to version 3 runs,
    /// the worker keeps the live tables current with this code, so it must fold onto the
    /// documents version 2 left (and the API reads them meanwhile). Their totals are summed
    /// here, and their reports kept to be written as rows by the next fold.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            streamVersion: try container.decode(Int.self, forKey: .streamVersion),
            lastPosition: try container.decode(Int64.self, forKey: .lastPosition),
            state: try container.decode(IPAssetState.self, forKey: .state))
        ownersDetermined = try container.decodeIfPresent([AssetOwner].self, forKey: .ownersDetermined)
        transfers = try container.decode([Transfer].self, forKey: .transfers)
        licences = try container.decode([String: LicenceNotes].self, forKey: .licences)
        patentLapseReasons = try container.decode([String: String].self, forKey: .patentLapseReasons)
        if let royalties = try container.decodeIfPresent([String: [String: IPAssetRoyaltyTotal]].self, forKey: .royalties) {
            self.royalties = royalties
            return
        }
        let streamID = state.id.map { StreamName.ipAsset($0).rawValue } ?? "ipasset-?"
        for index in state.licences.indices {
            let licence = state.licences[index]
            for report in licence.reports {
                try addRoyalty(IPAssetRoyaltyReportFacts(report), licence: licence.id, streamID: streamID)
                unwrittenReports.append(LicenceReport(licence: licence.id, report: report))
            }
            state.licences[index].reports = []
            state.licences[index].paymentReferences = []
        }
    }
}
