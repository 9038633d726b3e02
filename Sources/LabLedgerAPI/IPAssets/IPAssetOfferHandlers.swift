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
            let items = try rows.prefix(limit).map(Components.Schemas.LicensableIPAsset.init)
            let next = rows.count > limit ? rows.prefix(limit).last.map { Cursor([$0.asset.asset_id]).token } : nil
            return .ok(.init(body: .json(.init(items: items, next: next))))
        }
    }
}

extension Components.Schemas.LicensableIPAsset {
    init(_ row: LicensableIPAssetRow) throws {
        let asset = row.asset
        // The query reads only assets on offer, and the projection writes an offer's five
        // columns together from one `state.offer`.
        guard let offeredBy = asset.offered_by, let offeredOn = asset.offered_on, let fields = asset.offer_fields,
            let territories = asset.offer_territories, let exclusivity = asset.offer_exclusivity_offered
        else { throw ReadModelQueries.mismatch("an asset listed as on offer without its offer", asset.asset_id) }
        self.init(
            asset: asset.asset_id, lab: asset.lab_id, title: asset.title,
            offer: .init(offeredBy: offeredBy, fields: fields, territories: territories, exclusivityOffered: exclusivity, offeredOn: offeredOn),
            patentStatus: try ReadModelQueries.enumValue(asset.patent_status), patentOffices: row.grantedOffices)
    }
}
