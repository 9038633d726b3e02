import Foundation
import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels

/// A licence's royalty reports, period by period (`ip_asset_royalty_reports`).
extension APIHandler {
    func listRoyaltyReports(_ input: Operations.ListRoyaltyReports.Input) async throws -> Operations.ListRoyaltyReports.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.ipAssetProjections) { reads in
            let cursor = try Cursor.parse(input.query.after, keys: 1)
            let limit = try PageSize.parse(input.query.limit)
            let document = try await visibleAsset(input.path.assetId, principal, on: reads)
            let state = document.state
            guard let id = try? LicenceID(parsing: input.path.licenceId), let licence = state.licences.first(where: { $0.id == id }) else {
                throw Problem.notFound("Licence '\(input.path.licenceId)' of IP asset '\(input.path.assetId)'")
            }
            // The one rule of who sees a licence's royalties: the same that renders it `view: full`.
            guard LicenceViewer(party: principal.party).seesInFull(licence, of: state) else {
                throw Problem.forbidden("A licence's royalty reports are for its licensee and licensors, the asset's owners, and the keepers and auditors.")
            }
            let rows = try await reads.royaltyReports(
                stream: StreamName.ipAsset(try IPAssetID(parsing: input.path.assetId)).rawValue, licence: id.rawValue,
                after: cursor?.keys.first, limit: limit + 1)
            let items = try rows.prefix(limit).map(Components.Schemas.RoyaltyReport.init)
            let next = rows.count > limit ? rows.prefix(limit).last.map { Cursor([$0.period]).token } : nil
            return .ok(.init(body: .json(.init(items: items, next: next))))
        }
    }
}

extension APIHandler {
    /// The first `limit` royalty reports of every licence of `assetID` that has reports and that
    /// the caller sees in full, each as the first page `listRoyaltyReports` answers for it (the
    /// same visibility: the asset as `GET /v1/ip-assets/{id}` shows it, then `LicenceViewer`).
    /// Not an operation of the contract: the console's asset page reads them in two queries
    /// however many licences the asset has, where one `listRoyaltyReports` per licence took two each.
    func royaltyReportsOfVisibleLicences(asset assetID: String, limit: Int) async throws -> [String: Components.Schemas.RoyaltyReportPage] {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.ipAssetProjections) { reads in
            let state = try await visibleAsset(assetID, principal, on: reads).state
            let viewer = LicenceViewer(party: principal.party)
            let licences = state.licences.filter { viewer.seesInFull($0, of: state) }.map(\.id.rawValue)
            guard !licences.isEmpty else { return [:] }
            let rows = try await reads.royaltyReports(
                stream: StreamName.ipAsset(try IPAssetID(parsing: assetID)).rawValue, licences: licences, limit: limit + 1)
            return try rows.mapValues { reports in
                let page = reports.prefix(limit)
                return Components.Schemas.RoyaltyReportPage(
                    items: try page.map(Components.Schemas.RoyaltyReport.init),
                    next: reports.count > limit ? page.last.map { Cursor([$0.period]).token } : nil)
            }
        }
    }
}

extension InProcessAPI {
    /// `APIHandler.royaltyReportsOfVisibleLicences` run as `principal`, as `read` runs an operation.
    package func royaltyReportsOfVisibleLicences(
        as principal: Principal, requestID: String, asset: String, limit: Int
    ) async throws -> [String: Components.Schemas.RoyaltyReportPage] {
        var scope = RequestScope(requestID: requestID)
        scope.principal = principal
        return try await RequestScope.$current.withValue(scope) {
            try await handler.royaltyReportsOfVisibleLicences(asset: asset, limit: limit)
        }
    }
}

extension Components.Schemas.RoyaltyReport {
    init(_ row: IPAssetTables.RoyaltyReport) throws {
        let currency = try CurrencyCode(parsing: row.currency)
        let due = Money(minorUnits: row.royalty_due_minor_units, currency: currency)
        let paid = Money(minorUnits: row.paid_minor_units, currency: currency)
        let netSales = Money(minorUnits: row.net_sales_minor_units, currency: try CurrencyCode(parsing: row.net_sales_currency))
        self.init(
            period: .init(from: row.period_from, to: row.period_to), reportedOn: row.reported_on,
            netSales: Self.json(netSales), royaltyDue: Self.json(due), paid: Self.json(paid), outstanding: Self.json(try due.subtracting(paid)))
    }

    private static func json(_ money: Money) -> Components.Schemas.Money {
        .init(currency: money.currency.rawValue, amount: money.decimalString)
    }
}
