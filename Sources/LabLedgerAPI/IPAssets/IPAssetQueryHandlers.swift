import Foundation
import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels

/// Where shared IP stands: the `ip_assets` read model.
extension APIHandler {
    func listIPAssets(_ input: Operations.ListIPAssets.Input) async throws -> Operations.ListIPAssets.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.ipAssetProjections) { reads in
            var fields = Fields()
            let asked = fields.optional("#query/party", input.query.party) { try PartyID(parsing: $0) }
            guard fields.ok else { throw fields.failure }
            // A party key asks about its own party; another party does not exist for it.
            if let own = principal.party, let asked, asked != own { throw Problem.notFound("Party '\(asked)'") }
            let party = principal.party ?? asked
            let order = try ListOrder<IPAssetSort>(sort: input.query.sort?.rawValue, order: input.query.order?.rawValue)
            let cursor = try ListCursor.parse(input.query.after, for: order)
            let limit = try PageSize.parse(input.query.limit)
            let rows = try await reads.ipAssets(party: party?.rawValue, order: order, after: cursor, limit: limit + 1)
            let items = try rows.prefix(limit).map { row in
                try Components.Schemas.IPAsset(
                    row.document, partyRoles: party == nil ? nil : row.party?.roles ?? [], full: false, viewer: LicenceViewer(party: principal.party))
            }
            let next = rows.count > limit ? rows.prefix(limit).last.map { ListCursor(order: order, value: $0.sortValue, id: $0.assetId).token } : nil
            return .ok(.init(body: .json(.init(items: items, next: next))))
        }
    }

    func getIPAsset(_ input: Operations.GetIPAsset.Input) async throws -> Operations.GetIPAsset.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.ipAssetProjections) { reads in
            var document = try await visibleAsset(input.path.assetId, principal, on: reads)
            if input.query.asOf != nil || input.query.axis != nil {
                let point = try await TimeTravel.point(input.query.asOf, axis: input.query.axis, atPointer: "#query/asOf", store: store, log: auditLog)
                guard let asset = try? IPAssetID(parsing: input.path.assetId), let past = try await ipAssetDocument(asset, asOf: point) else {
                    throw Problem.notFound("IP asset '\(input.path.assetId)'")
                }
                document = past
            }
            return .ok(.init(
                headers: .init(eTag: "\"\(document.streamVersion)\""),
                body: .json(try Components.Schemas.IPAsset(document, partyRoles: nil, full: true, viewer: LicenceViewer(party: principal.party)))))
        }
    }

    func getIPAssetAvailability(_ input: Operations.GetIPAssetAvailability.Input) async throws -> Operations.GetIPAssetAvailability.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.ipAssetProjections) { reads in
            var fields = Fields()
            _ = fields.value("#path/assetId") { try IPAssetID(parsing: input.path.assetId) }
            let field = fields.value("#query/field") { try FieldOfUse(parsing: input.query.field) }
            let territory = fields.value("#query/territory") { try Territory(parsing: input.query.territory) }
            let date = fields.date("#query/on", input.query.on)
            let licensee = fields.optional("#query/licensee", input.query.licensee) { try PartyID(parsing: $0) }
            guard fields.ok, let field, let territory, let date else { throw fields.failure }
            guard let asset = try? IPAssetID(parsing: input.path.assetId),
                let (document, visible) = try await reads.ipAssetForAvailability(asset, party: principal.party?.rawValue)
            else { throw Problem.notFound("IP asset '\(input.path.assetId)'") }
            let exclusivity: Exclusivity = input.query.exclusive == true ? .exclusive : .nonExclusive
            // A key not party to the asset sees it only while it is on offer, and then only the
            // redacted answer; otherwise it is a 404, as for an asset that does not exist.
            guard visible else {
                guard let own = principal.party, document.state.offer != nil else { throw Problem.notFound("IP asset '\(input.path.assetId)'") }
                if let licensee, licensee != own {
                    throw Problem.forbidden("This key acts for '\(own)'; on an asset it only sees on offer it asks for itself, not for '\(licensee)'.")
                }
                let redacted = document.state.offeredAvailability(asker: own, exclusivity: exclusivity, field: field, territory: territory, on: date) ?? []
                let reasons = redacted.map { reason in
                    Components.Schemas.AvailabilityReason(
                        code: reason.code, detail: reason.detail,
                        blockedBy: reason.blockedBy.flatMap { Components.Schemas.AvailabilityReason.BlockedByPayload(rawValue: $0.rawValue) },
                        until: reason.until?.rawValue)
                }
                return .ok(.init(body: .json(.init(available: reasons.isEmpty, reasons: reasons))))
            }
            var reasons: [Components.Schemas.AvailabilityReason] = []
            if document.state.ownershipDeterminedOn == nil {
                reasons.append(.init(code: "ipasset.ownership-not-determined", detail: "Ownership of the asset has not been determined yet; nobody can license it."))
            }
            let answer = document.availability(
                licensee: licensee ?? Self.anyThirdParty, exclusivity: exclusivity, field: field, territory: territory, on: date)
            if case .unavailable(let conflict) = answer {
                var reason = Components.Schemas.AvailabilityReason(code: conflict.code, detail: conflict.message)
                switch conflict.blockedBy {
                case .licence(let licence):
                    reason.licence = licence.rawValue
                    reason.blockedBy = .licence
                case .option(let option):
                    reason.option = option
                    reason.blockedBy = .option
                }
                reason.until = conflict.until?.rawValue
                reasons.append(reason)
            }
            return .ok(.init(body: .json(.init(available: reasons.isEmpty, reasons: reasons))))
        }
    }

    /// A licensee no real party can be (not a slug): neither an owner nor an option's sponsor,
    /// so the answer without `licensee` holds for any third party.
    private static let anyThirdParty = PartyID(validated: "*")

    /// The asset's stored document; 404 when it does not exist or the key's party is not a party to it.
    func visibleAsset(_ text: String, _ principal: Principal, on reads: ReadModelQueries) async throws -> IPAssetDocument {
        guard let asset = try? IPAssetID(parsing: text),
            let document = try await reads.ipAsset(asset, visibleTo: principal.party?.rawValue)
        else { throw Problem.notFound("IP asset '\(text)'") }
        return document
    }
}
