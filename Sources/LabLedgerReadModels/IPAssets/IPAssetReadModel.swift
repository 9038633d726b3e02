import Foundation
import LabLedgerDomain

/// The `ip_assets` read model: where shared IP stands, per asset and per party. Owners and
/// shares, options with their deadlines, licences by field × territory × time, patent filings,
/// royalties to date, and licence availability answered by the domain's own rules.
///
/// Each `ipasset-…` stream folds into an `IPAssetDocument` (`ip_assets_documents`) whose rows
/// fill the query tables of `schema/migrations/0005_ip_assets.sql` and the stored answers of
/// `0017_ip_asset_views.sql`. It is keyed (since version 3): the facts a licence accumulates for as
/// long as it runs — royalty reports and the payments against them — are rows of
/// `ip_asset_royalty_reports`, a report inserted and a payment one row read back and rewritten,
/// and the document keeps only their totals, so the work per event depends on the asset's
/// licences, options and filings, not on how many events its stream has.
public enum IPAssetReadModel: KeyedStreamReadModel {
    public typealias Document = IPAssetDocument

    public static let category = StreamCategory.ipAsset
    public static let eventTypes = IPAssetEventCodec.eventTypes

    /// Bump when the document or the rows change for the same events: workers then rebuild.
    /// Version 2 adds the stored answers (`ip_asset_views`); version 3 keeps royalty reports as
    /// keyed rows (`ip_asset_royalty_reports`) and only their totals in the document, and folds
    /// the licence proposals (`LicenceProposed`, `LicenceConsentGiven`, `LicenceProposalWithdrawn`)
    /// into the state and the stored answers: one rebuild covers both. Version 4 folds the offers
    /// for licensing (`IPAssetOfferedForLicensing`, `IPAssetOfferWithdrawn`) into the state and
    /// the `ip_assets.offered_*` / `offer_*` columns. It is a version and not only new columns
    /// because an older worker reads only the event types it knows: it moves its checkpoint past
    /// the offer events and, folding a later event of an offered asset, drops the offer from the
    /// document. The rebuild a version-4 worker starts reads every event again; version 4 folds
    /// onto version-3 documents as they are (their `offer` is absent, which decodes as none).
    /// Version 5 reads the same events into the same tables, but writes a rebuild's rows derived
    /// from documents at its end (`StreamProjector.finishRebuild`): a version-4 worker would swap
    /// in such a rebuild without them, so it meets another version's rebuild and starts its own.
    public static let projection = ReadModelProjection(
        name: "ip_assets", version: 5, tables: IPAssetTables.all,
        keyedTables: [IPAssetTables.royaltyReports: IPAssetTables.royaltyReportColumns],
        diffedTables: IPAssetTables.diffed, models: [StreamModel(IPAssetReadModel.self)])

    public static func decode(_ event: ProjectableEvent) throws -> IPAssetEvent {
        try event.decoded(IPAssetEventCodec.self)
    }

    /// A payment is made against a report, which it reads.
    public static func lookups(_ event: ProjectableEvent, _ decoded: IPAssetEvent) throws -> [RowKey] {
        guard case .royaltyPaid(let e) = decoded else { return [] }
        return [IPAssetTables.royaltyReportKey(event.streamID, e.licence, e.period)]
    }

    /// A report must not repeat its period.
    public static func newFacts(_ event: ProjectableEvent, _ decoded: IPAssetEvent) throws -> [RowKey] {
        guard case .royaltyReported(let e) = decoded else { return [] }
        return [IPAssetTables.royaltyReportKey(event.streamID, e.licence, e.period)]
    }

    public static func evolve(_ document: inout IPAssetDocument?, _ event: ProjectableEvent, _ decoded: IPAssetEvent, _ rows: inout KeyedRows) throws {
        if var carried = document, !carried.unwrittenReports.isEmpty {
            try writeUnwrittenReports(&carried, streamID: event.streamID, &rows)
            document = carried
        }
        // Folding is idempotent: an event the document already holds changes nothing.
        if let document, event.streamVersion <= document.streamVersion { return }
        var next = try start(document, with: decoded, event)
        try check(decoded, against: next, event, rows)
        try record(decoded, in: &next, event, &rows)
        switch decoded {
        case .royaltyReported, .royaltyPaid:
            // Recorded as a row and a total above; the state would keep them all.
            break
        default:
            IPAssetDecider.evolve(&next.state, decoded)
        }
        next.streamVersion = event.streamVersion
        next.lastPosition = event.position
        document = next
    }

    /// The document after `event`, for a caller folding a stream on its own (the API's `asOf`):
    /// `rows` plays the keyed table, holding the reports this fold wrote.
    public static func evolve(_ document: IPAssetDocument?, _ event: ProjectableEvent, rows: inout KeyedRows) throws -> IPAssetDocument {
        var folded = document
        try evolve(&folded, event, try decode(event), &rows)
        guard let folded else { throw ReadModelError.noDocument(streamID: event.streamID) }
        return folded
    }

    /// Licence availability from a stored document (`ip_assets_documents.doc`, as JSON): the
    /// API loads the asset's document and asks this. See `IPAssetDocument.availability`.
    public static func availability(
        in document: Data, licensee: PartyID, exclusivity: Exclusivity, field: FieldOfUse, territory: Territory, on date: LocalDate
    ) throws -> LicenceAvailability {
        try CompactJSONDecoder().decode(IPAssetDocument.self, from: document)
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
    private static func check(_ domainEvent: IPAssetEvent, against document: IPAssetDocument, _ event: ProjectableEvent, _ rows: KeyedRows) throws {
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
            // decide refuses overlapping periods; a second report of one period would have no row of its own.
            try require(try rows.row(IPAssetTables.RoyaltyReport.self, IPAssetTables.royaltyReportKey(event.streamID, e.licence, e.period)) == nil,
                "licence '\(e.licence)' already has a royalty report for \(e.period)")
        case .royaltyPaid(let e):
            let report = try rows.row(IPAssetTables.RoyaltyReport.self, IPAssetTables.royaltyReportKey(event.streamID, e.licence, e.period))
            try require(state.licence(e.licence) != nil && report?.currency == e.amount.currency.rawValue,
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
        case .offeredForLicensing:
            try require(state.ownershipDeterminedOn != nil, "offered for licensing before ownership was determined")
            try require(state.offer == nil, "the asset is already on offer")
        case .offerWithdrawn:
            try require(state.offer != nil, "the asset is not on offer")
        }
    }

    /// Keeps what the event says beyond the domain state, and writes the royalty facts: a report
    /// as a new row and into its licence's total, a payment into its report's row (read back by
    /// key) and the total. The payment is added to the report as the domain's `evolve` adds it
    /// (a sum that would not fit leaves the report's paid as it was), and the total grows by what
    /// the report's paid grew by, so totals and rows agree with the reports' paid.
    private static func record(_ domainEvent: IPAssetEvent, in document: inout IPAssetDocument, _ event: ProjectableEvent, _ rows: inout KeyedRows) throws {
        switch domainEvent {
        case .royaltyReported(let e):
            let report = IPAssetRoyaltyReportFacts(e)
            try document.addRoyalty(report, licence: e.licence, streamID: event.streamID)
            try writeReport(report, licence: e.licence, of: document, streamID: event.streamID, &rows)
        case .royaltyPaid(let e):
            let key = IPAssetTables.royaltyReportKey(event.streamID, e.licence, e.period)
            // `check` found the row, in the payment's currency.
            guard let row = try rows.row(IPAssetTables.RoyaltyReport.self, key) else { return }
            let before = Money(minorUnits: row.paid_minor_units, currency: e.amount.currency)
            guard let after = try? before.adding(e.amount) else { return }
            try document.addPayment(e.amount, licence: e.licence, streamID: event.streamID)
            try rows.write(row.paying(after), key)
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
            .patentGranted, .licenceProposed, .licenceConsentGiven, .licenceProposalWithdrawn, .offeredForLicensing, .offerWithdrawn:
            // Proposals and the offer live in the domain state itself (`IPAssetState.proposals`, `.offer`).
            return
        }
    }

    private static func writeReport(
        _ report: IPAssetRoyaltyReportFacts, licence: LicenceID, of document: IPAssetDocument, streamID: String, _ rows: inout KeyedRows
    ) throws {
        guard let asset = document.state.id else { throw ReadModelError.noDocument(streamID: streamID) }
        try rows.write(
            IPAssetTables.RoyaltyReport(streamID: streamID, asset: asset.rawValue, licence: licence, report: report),
            IPAssetTables.royaltyReportKey(streamID, licence, report.period))
    }

    /// Writes the reports a version 2 document carried in its state (their totals were summed
    /// when it was read): version 2 had no report rows.
    private static func writeUnwrittenReports(_ document: inout IPAssetDocument, streamID: String, _ rows: inout KeyedRows) throws {
        for carried in document.unwrittenReports {
            try writeReport(IPAssetRoyaltyReportFacts(carried.report), licence: carried.licence, of: document, streamID: streamID, &rows)
        }
        document.unwrittenReports = []
    }

    private static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }
}
