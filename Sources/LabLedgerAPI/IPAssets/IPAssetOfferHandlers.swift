import LabLedgerContract
import LabLedgerDomain

/// Offering an asset for licensing, and the public listing of what is on offer. A party key
/// offers or withdraws for its own party, as a current owner; keepers name the owner.
extension APIHandler {
    func offerIPAssetForLicensing(_ input: Operations.OfferIPAssetForLicensing.Input) async throws -> Operations.OfferIPAssetForLicensing.Output {
        let principal = try Access.writer(Access.parties, to: "offer IP assets for licensing")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let by = fields.value("/offeredBy") { try PartyID(parsing: body.offeredBy) }
        let fieldsOfUse = fields.values("/fields", body.fields, max: .fieldsOfUse) { try FieldOfUse(parsing: $0) }
        let territories = fields.values("/territories", body.territories, max: .territories) { try Territory(parsing: $0) }
        let offeredOn = fields.date("/offeredOn", body.offeredOn)
        guard fields.ok, let (id, stream) = asset, let by, let fieldsOfUse, let territories, let offeredOn else { throw fields.failure }
        let what = "IP asset '\(id)'"
        let outcome = try await runCommand(IPAssetDecider.self, stream: stream, creates: false, what: what) { state in
            try await requireCoOwnerActing(principal, as: by, field: "/offeredBy", state, what, doing: "offers it for licensing or withdraws the offer")
            return Decision(command: .offerForLicensing(OfferForLicensing(
                by: by, fields: fieldsOfUse, territories: territories, exclusivityOffered: body.exclusivityOffered, offeredOn: offeredOn)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func withdrawIPAssetLicensingOffer(
        _ input: Operations.WithdrawIPAssetLicensingOffer.Input
    ) async throws -> Operations.WithdrawIPAssetLicensingOffer.Output {
        let principal = try Access.writer(Access.parties, to: "withdraw licensing offers")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let by = fields.value("/by") { try PartyID(parsing: body.by) }
        let withdrawnOn = fields.date("/withdrawnOn", body.withdrawnOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let (id, stream) = asset, let by, let withdrawnOn else { throw fields.failure }
        let what = "IP asset '\(id)'"
        let outcome = try await runCommand(IPAssetDecider.self, stream: stream, creates: false, what: what) { state in
            try await requireCoOwnerActing(principal, as: by, field: "/by", state, what, doing: "offers it for licensing or withdraws the offer")
            return Decision(command: .withdrawLicensingOffer(WithdrawLicensingOffer(by: by, withdrawnOn: withdrawnOn, reason: body.reason)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func listLicensableIPAssets(_ input: Operations.ListLicensableIPAssets.Input) async throws -> Operations.ListLicensableIPAssets.Output {
        _ = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.ipAssetProjections) { reads in
            let cursor = try Cursor.parse(input.query.after, keys: 1)
            let limit = try PageSize.parse(input.query.limit)
            let rows = try await reads.licensableIPAssets(after: cursor?.keys.first, limit: limit + 1)
            let items = rows.prefix(limit).map(Components.Schemas.LicensableIPAsset.init)
            let next = rows.count > limit ? rows.prefix(limit).last.map { Cursor([$0.asset]).token } : nil
            return .ok(.init(body: .json(.init(items: items, next: next))))
        }
    }
}

extension Components.Schemas.LicensableIPAsset {
    init(_ row: ReadModelQueries.LicensableRow) {
        self.init(
            asset: row.asset, lab: row.lab, title: row.title,
            offer: .init(
                offeredBy: row.offeredBy, fields: row.fields, territories: row.territories, exclusivityOffered: row.exclusivityOffered,
                offeredOn: row.offeredOn),
            // `ip_assets.patent_status` is CHECKed to the four values of the enum (migration 0005).
            patentStatus: PatentStatusPayload(rawValue: row.patentStatus) ?? PatentStatusPayload.none, patentOffices: row.patentOffices)
    }
}
