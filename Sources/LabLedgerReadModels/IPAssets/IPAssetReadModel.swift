import Foundation
import LabLedgerDomain

/// The `ip_assets` read model: where shared IP stands, per asset and per party. Owners and
/// shares, options with their deadlines, licences by field × territory × time, patent filings,
/// royalties to date, and licence availability answered by the domain's own rules.
///
/// Each `ipasset-…` stream folds into an `IPAssetDocument` (`ip_assets_documents`) whose rows
/// fill the query tables of `schema/migrations/0005_ip_assets.sql`.
public enum IPAssetReadModel: StreamReadModel {
    public typealias Document = IPAssetDocument

    public static let category = StreamCategory.ipAsset
    public static let eventTypes = IPAssetEventCodec.eventTypes

    /// Bump when the document or the rows change for the same events: workers then rebuild.
    /// Version 2 adds the stored answers (`ip_asset_views`).
    public static let projection = ReadModelProjection(
        name: "ip_assets", version: 2, tables: IPAssetTables.all, models: [StreamModel(IPAssetReadModel.self)])

    public static func evolve(_ document: IPAssetDocument?, _ event: ProjectableEvent) throws -> IPAssetDocument {
        // Folding is idempotent: an event the document already holds changes nothing.
        if let document, event.streamVersion <= document.streamVersion { return document }
        let domainEvent = try event.decoded(IPAssetEventCodec.self)
        var document = try start(document, with: domainEvent, event)
        try check(domainEvent, against: document, event)
        record(domainEvent, in: &document)
        IPAssetDecider.evolve(&document.state, domainEvent)
        document.streamVersion = event.streamVersion
        document.lastPosition = event.position
        return document
    }

    /// Licence availability from a stored document (`ip_assets_documents.doc`, as JSON): the
    /// API loads the asset's document and asks this. See `IPAssetDocument.availability`.
    public static func availability(
        in document: Data, licensee: PartyID, exclusivity: Exclusivity, field: FieldOfUse, territory: Territory, on date: LocalDate
    ) throws -> LicenceAvailability {
        try JSONDecoder().decode(IPAssetDocument.self, from: document)
            .availability(licensee: licensee, exclusivity: exclusivity, field: field, territory: territory, on: date)
    }

    // MARK: folding

    /// The stream begins with the disclosure, and only with it.
    private static func start(_ document: IPAssetDocument?, with domainEvent: IPAssetEvent, _ event: ProjectableEvent) throws -> IPAssetDocument {
        switch (document, domainEvent) {
        case (nil, .inventionDisclosed):
            return IPAssetDocument(streamVersion: 0, lastPosition: 0, state: IPAssetDecider.initial)
        case (nil, _):
            throw outOfOrder(event, "the stream does not start with InventionDisclosed")
        case (.some, .inventionDisclosed):
            throw outOfOrder(event, "the invention was already disclosed on this stream")
        case (.some(let document), _):
            return document
        }
    }

    /// Refuses an event that names something the stream never had. `decide` never writes one;
    /// the domain's `evolve` would pass over it silently and the rows would hide the damage,
    /// so the worker parks it as a dead letter instead.
    private static func check(_ domainEvent: IPAssetEvent, against document: IPAssetDocument, _ event: ProjectableEvent) throws {
        let state = document.state
        func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
            if !condition { throw outOfOrder(event, reason()) }
        }
        switch domainEvent {
        case .inventionDisclosed:
            return
        case .ownershipDetermined:
            try require(state.ownershipDeterminedOn == nil, "ownership was already determined")
        case .optionGranted(let e):
            try require(state.option(e.option) == nil, "option \(e.option) was already granted")
        case .optionExercised(let e):
            try require(state.option(e.option).map { $0.resolution == nil } == true, "option \(e.option) is unknown or already resolved")
        case .optionDeclined(let e):
            try require(state.option(e.option).map { $0.resolution == nil } == true, "option \(e.option) is unknown or already resolved")
        case .optionLapsed(let e):
            try require(state.option(e.option).map { $0.resolution == nil } == true, "option \(e.option) is unknown or already resolved")
        case .patentApplicationFiled(let e):
            try require(state.application(e.applicationNumber) == nil, "application \(e.applicationNumber) is already on file")
        case .patentGranted(let e):
            try require(state.application(e.applicationNumber).map { $0.patent == nil } == true,
                "application \(e.applicationNumber) was never filed or is already granted")
        case .patentLapsed(let e):
            try require(state.applications.contains { $0.patent == e.patentNumber && $0.lapsedOn == nil },
                "patent \(e.patentNumber) was never granted or has already lapsed")
        case .ownershipTransferred(let e):
            try require((state.ownerShares[e.from] ?? 0) >= e.shareBasisPoints.rawValue,
                "'\(e.from)' does not hold the \(e.shareBasisPoints.rawValue) bp it transfers")
        case .licenceGranted(let e):
            try require(state.ownershipDeterminedOn != nil, "licence '\(e.licence)' before ownership was determined")
            try require(state.licence(e.licence) == nil, "licence '\(e.licence)' was already granted")
        case .royaltyReported(let e):
            try require(state.licence(e.licence) != nil, "licence '\(e.licence)' was never granted")
        case .royaltyPaid(let e):
            let report = state.licence(e.licence)?.reports.first { $0.period == e.period }
            try require(report?.royaltyDue.currency == e.amount.currency,
                "licence '\(e.licence)' has no royalty report for \(e.period) in \(e.amount.currency)")
        case .licenceTerminated(let e):
            try require(state.licence(e.licence).map { $0.terminatedOn == nil } == true,
                "licence '\(e.licence)' was never granted or is already terminated")
        case .licenceProposed(let e):
            try require(state.ownershipDeterminedOn != nil, "licence '\(e.licence)' proposed before ownership was determined")
            try require(state.proposal(e.licence) == nil && state.licence(e.licence) == nil, "licence '\(e.licence)' was already proposed or granted")
        case .licenceConsentGiven(let e):
            try require(state.proposal(e.licence)?.isOpen == true, "licence '\(e.licence)' has no open proposal")
        case .licenceProposalWithdrawn(let e):
            try require(state.proposal(e.licence)?.isOpen == true, "licence '\(e.licence)' has no open proposal")
        }
    }

    /// Keeps what the event says beyond the domain state.
    private static func record(_ domainEvent: IPAssetEvent, in document: inout IPAssetDocument) {
        switch domainEvent {
        case .ownershipDetermined(let e):
            document.ownersDetermined = e.owners
        case .ownershipTransferred(let e):
            document.transfers.append(IPAssetDocument.Transfer(
                from: e.from, to: e.to, shareBasisPoints: e.shareBasisPoints.rawValue, transferredOn: e.transferredOn))
        case .licenceGranted(let e):
            document.licences[e.licence.rawValue] = IPAssetDocument.LicenceNotes(consents: e.consents, terminationReason: nil)
        case .licenceTerminated(let e):
            document.licences[e.licence.rawValue, default: IPAssetDocument.LicenceNotes(consents: [])].terminationReason = e.reason
        case .patentLapsed(let e):
            document.patentLapseReasons[e.patentNumber.rawValue] = e.reason
        case .inventionDisclosed, .optionGranted, .optionExercised, .optionDeclined, .optionLapsed, .patentApplicationFiled,
            .patentGranted, .royaltyReported, .royaltyPaid, .licenceProposed, .licenceConsentGiven, .licenceProposalWithdrawn:
            // Proposals live in the domain state itself (`IPAssetState.proposals`).
            return
        }
    }

    private static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }
}
