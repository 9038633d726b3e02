import Foundation
import LabLedgerDomain

/// One IP asset stream as the `ip_assets` read model keeps it (`ip_assets_documents.doc`).
///
/// `state` is the domain's own `IPAssetState`, folded by `IPAssetDecider.evolve`, so questions
/// the domain answers from its state (licence availability) are answered from the stored copy
/// by the domain's code, never by a second implementation of its rules. The other fields are
/// what the read model needs beyond the state: where the stream stands, and facts of the events
/// that the state drops (ownership history, consents, reasons).
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

    public init(streamVersion: Int, lastPosition: Int64, state: IPAssetState) {
        self.streamVersion = streamVersion
        self.lastPosition = lastPosition
        self.state = state
        ownersDetermined = nil
        transfers = []
        licences = [:]
        patentLapseReasons = [:]
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
