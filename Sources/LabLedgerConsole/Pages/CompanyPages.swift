import Foundation
import Hummingbird
import LabLedgerAPI
import LabLedgerContract
import LabLedgerDomain

/// A company's pages: its IP assets (owners and shares, options with days left, licences,
/// patents, royalties), the rights map of an asset on a date, and the availability checker.
struct CompanyPages: Sendable {
    let console: Console

    func register(on console: RouterGroup<BasicRequestContext>) {
        let c = self.console
        console.get("ip-assets") { request, _ in try await c.page(request) { try await self.list($0, $1) } }
        console.get("ip-assets/:asset") { request, context in
            let asset = context.parameters.get("asset") ?? ""
            return try await c.page(request) { try await self.detail($0, $1, asset: asset) }
        }
        console.get("rights-map") { request, _ in try await c.page(request) { try await self.rightsMap($0, $1) } }
        console.get("availability") { request, _ in try await c.page(request) { try await self.availability($0, $1) } }
    }

    // MARK: Views

    struct AssetView {
        let asset: String
        let title: String
        let lab: String
        let agreement: String
        let disclosedOn: String
        let roles: String
        let hasRoles: Bool
        let patentStatus: String
        let owners: [Owner]
        let options: [OptionRow]
        let hasOptions: Bool
        let licences: [LicenceRow]
        let hasLicences: Bool
        let licenceCount: Int
        let patents: [PatentRow]
        let hasPatents: Bool
        let royalties: [RoyaltyRow]
        let hasRoyalties: Bool
        let transfers: [TransferRow]
        let hasTransfers: Bool
    }

    struct Owner { let party: String; let share: String }
    struct OptionRow { let option: Int; let sponsor: String; let fields: String; let status: String; let expiresOn: String; let daysLeft: String }
    struct LicenceRow {
        let licence: String; let licensee: String; let exclusivity: String; let fields: String; let territories: String
        let term: String; let inForceUntil: String; let view: String; let royalties: [RoyaltyRow]; let hasRoyalties: Bool
    }
    struct PatentRow { let office: String; let application: String; let number: String; let status: String; let filedOn: String; let grantedOn: String }
    struct RoyaltyRow { let currency: String; let reports: Int; let netSales: String; let due: String; let paid: String; let outstanding: String }
    struct TransferRow { let from: String; let to: String; let share: String; let on: String }

    struct ListView {
        let frame: Frame; let assets: [AssetView]; let empty: Bool; let headers: [TableSort.Header]; let nextLink: String; let hasNext: Bool
    }

    /// Each sorts the whole list through the API (`listIPAssets`' `sort`).
    static let assetColumns: [TableSort.Column] = [
        .init(key: "asset", label: "Asset", api: "asset"), .init(key: "title", label: "Title", api: "title"),
        .init(key: "lab", label: "Lab", api: "lab"), .init(key: "disclosed", label: "Disclosed", api: "disclosedOn"),
        .init(key: "patent", label: "Patent status", api: "patentStatus"), .init(key: "licences", label: "Licences", api: "licenceCount"),
    ]
    struct DetailView {
        let frame: Frame
        let a: AssetView
        let chart: RoyaltyChart
        let reports: [ReportRow]
        let hasReports: Bool
        /// Licences with more reports than one page (`reportPage`): the chart and table show their first page.
        let cut: String
        let hasCut: Bool
    }

    struct ReportRow {
        let licence: String; let period: String; let reportedOn: String; let currency: String
        let netSales: String; let due: String; let paid: String; let outstanding: String
    }

    /// Reports read per licence for the chart: one API page, ten years of monthly reports.
    static let reportPage = 120

    // MARK: Pages

    func list(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        let sort = TableSort(Self.assetColumns, sort: request.uri.queryParameters.get("sort"), dir: request.uri.queryParameters.get("dir"))
        try sort.check()
        let after = request.uri.queryParameters.get("after")
        let order = sort.apiOrder
        let page = try await console.api.read(as: session.principal, requestID: Console.requestID()) {
            try await $0.listIPAssets(.init(query: .init(
                party: session.principal.party?.rawValue, sort: order.sort.flatMap { .init(rawValue: $0) },
                order: order.order.flatMap { .init(rawValue: $0) }, after: after, limit: 25)))
        }.ok.body.json
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let today = Days.today()
        let assets = page.items.map { Self.view($0, today: today) }
        let path = "/console/ip-assets"
        let nextLink = page.next.map { TableSort.link(path, [("after", $0)] + sort.parameters) } ?? ""
        let frame = Frame.of(session, title: "IP assets", path: request.uri.path, freshness: freshness)
        return try console.render(
            ListView(
                frame: frame, assets: assets, empty: assets.isEmpty, headers: sort.headers(path: path, keep: []),
                nextLink: nextLink, hasNext: !nextLink.isEmpty),
            "ip-assets")
    }

    func detail(_ request: Request, _ session: ConsoleSession, asset: String) async throws -> Response {
        let found = try await console.api.read(as: session.principal, requestID: Console.requestID()) {
            try await $0.getIPAsset(.init(path: .init(assetId: asset)))
        }.ok.body.json
        // The reports of every licence the key sees in full (the API's rule, as listRoyaltyReports
        // applies it), read at once: the page's queries do not grow with its licences.
        let pages = try await console.api.royaltyReportsOfVisibleLicences(
            as: session.principal, requestID: Console.requestID(), asset: found.asset, limit: Self.reportPage)
        var reports: [(licence: String, report: Components.Schemas.RoyaltyReport)] = []
        var cut: [String] = []
        for licence in found.licences {
            guard let page = pages[licence.licence] else { continue }
            reports += page.items.map { (licence.licence, $0) }
            if page.next != nil { cut.append(licence.licence) }
        }
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "IP asset \(found.asset)", path: request.uri.path, freshness: freshness)
        // An amount that is no decimal number draws no bar rather than a false zero; the table
        // below still shows it as the API gave it.
        let chart = RoyaltyChart(reports.compactMap { licence, report in
            Decimal(string: report.royaltyDue.amount, locale: Locale(identifier: "en_US_POSIX")).map { due in
                RoyaltyChart.Report(
                    licence: licence, from: report.period.from, to: report.period.to, currency: report.royaltyDue.currency, due: due)
            }
        })
        let rows = reports.map { licence, report in
            ReportRow(
                licence: licence, period: "\(report.period.from) – \(report.period.to ?? "open-ended")", reportedOn: report.reportedOn,
                currency: report.royaltyDue.currency, netSales: "\(report.netSales.amount) \(report.netSales.currency)",
                due: report.royaltyDue.amount, paid: report.paid.amount, outstanding: report.outstanding.amount)
        }
        return try console.render(
            DetailView(
                frame: frame, a: Self.view(found, today: Days.today()), chart: chart, reports: rows, hasReports: !rows.isEmpty,
                cut: cut.joined(separator: ", "), hasCut: !cut.isEmpty),
            "ip-asset")
    }

    struct RightsMapView {
        struct Choice { let asset: String; let selected: Bool }
        let frame: Frame
        let choices: [Choice]
        let on: String
        let asset: String
        let hasMap: Bool
        let map: RightsMap
        let hasRows: Bool
        let dateError: String
        let hasDateError: Bool
    }

    /// Fields × territories of one asset on a date, from the asset as the key sees it.
    func rightsMap(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        let principal = session.principal
        let assets = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listIPAssets(.init(query: .init(party: principal.party?.rawValue, limit: 100)))
        }.ok.body.json.items
        let chosen = request.uri.queryParameters.get("asset") ?? assets.first?.asset
        let onText = request.uri.queryParameters.get("on").flatMap { $0.isEmpty ? nil : $0 } ?? Days.today().rawValue
        var dateError = ""
        let on: LocalDate
        do {
            on = try LocalDate(parsing: onText)
        } catch {
            dateError = "A date is YYYY-MM-DD."
            on = Days.today()
        }
        var map = RightsMap(date: on, licences: [], options: [])
        var hasMap = false
        if let chosen {
            let asset = try await console.api.read(as: principal, requestID: Console.requestID()) {
                try await $0.getIPAsset(.init(path: .init(assetId: chosen)))
            }.ok.body.json
            map = RightsMap(date: on, licences: asset.licences.map(Self.slice), options: asset.options.map(Self.reservation))
            hasMap = true
        }
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Rights map", path: request.uri.path, freshness: freshness)
        let choices = assets.map { RightsMapView.Choice(asset: $0.asset, selected: $0.asset == chosen) }
        return try console.render(
            RightsMapView(
                frame: frame, choices: choices, on: onText, asset: chosen ?? "", hasMap: hasMap, map: map, hasRows: !map.rows.isEmpty,
                dateError: dateError, hasDateError: !dateError.isEmpty),
            "rights-map")
    }

    struct AvailabilityView {
        struct Choice { let asset: String; let selected: Bool; let label: String }
        struct Reason { let code: String; let detail: String; let blocker: String }
        struct Offered { let asset: String; let title: String; let lab: String; let fields: String; let territories: String; let exclusivity: String; let since: String; let contact: String; let patents: String }
        let frame: Frame
        let choices: [Choice]
        let offered: [Offered]
        let hasOffered: Bool
        /// More than the first 100 assets are on offer: the page says it shows only those.
        let moreOffered: Bool
        let field: String
        let territory: String
        let on: String
        let licensee: String
        let exclusive: Bool
        let asked: Bool
        let available: Bool
        let reasons: [Reason]
        let errors: FieldErrors
    }

    /// "Could X license F in T on D exclusively?" — the API's availability query, which names
    /// the licence or option that blocks it to the asset's parties, and answers redacted on the
    /// assets their owners offer for licensing (listed here too) to everyone else.
    func availability(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        let principal = session.principal
        let query = request.uri.queryParameters
        let assets = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listIPAssets(.init(query: .init(party: principal.party?.rawValue, limit: 100)))
        }.ok.body.json.items
        let licensablePage = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listLicensableIPAssets(.init(query: .init(limit: 100)))
        }.ok.body.json
        let licensable = licensablePage.items
        let asset = query.get("asset") ?? ""
        let field = query.get("field") ?? ""
        let territory = query.get("territory") ?? ""
        let on = query.get("on") ?? ""
        let licensee = query.get("licensee") ?? ""
        let exclusive = query.get("exclusive") == "true"
        var errors = FieldErrors()
        var answer: Components.Schemas.IPAssetAvailability?
        if !asset.isEmpty {
            do {
                answer = try await console.api.read(as: principal, requestID: Console.requestID()) {
                    try await $0.getIPAssetAvailability(.init(
                        path: .init(assetId: asset),
                        query: .init(field: field, territory: territory, on: on, exclusive: exclusive, licensee: licensee.isEmpty ? nil : licensee)))
                }.ok.body.json
            } catch let problem as Problem where problem.status == .badRequest {
                errors = FieldErrors(problem)
            } catch let problem as Problem where problem.status == .forbidden && !licensee.isEmpty {
                // On an asset it sees only on offer, a key asks for its own party alone.
                errors = FieldErrors(field: "licensee", problem.detail)
            }
        }
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Availability", path: request.uri.path, freshness: freshness)
        let reasons = (answer?.reasons ?? []).map { reason in
            // A redacted answer names no licence or option, only what kind blocks and until when.
            let until = reason.until.map { " until \($0)" } ?? ""
            let blocker = reason.licence.map { "licence \($0)" } ?? reason.option.map { "option \($0)" }
                ?? reason.blockedBy.map { "\($0 == .option ? "an" : "a") \($0.rawValue)\(until)" } ?? ""
            return AvailabilityView.Reason(code: reason.code, detail: reason.detail, blocker: blocker)
        }
        let own = Set(assets.map(\.asset))
        let choices = assets.map { AvailabilityView.Choice(asset: $0.asset, selected: $0.asset == asset, label: $0.asset) }
            + licensable.filter { !own.contains($0.asset) }.map {
                AvailabilityView.Choice(asset: $0.asset, selected: $0.asset == asset, label: "\($0.asset) (on offer)")
            }
        let offered = licensable.map {
            AvailabilityView.Offered(
                asset: $0.asset, title: $0.title, lab: $0.lab, fields: $0.offer.fields.joined(separator: ", "),
                territories: $0.offer.territories.joined(separator: ", "),
                exclusivity: $0.offer.exclusivityOffered ? "exclusive or non-exclusive" : "non-exclusive only", since: $0.offer.offeredOn,
                contact: $0.offer.offeredBy, patents: $0.patentOffices.isEmpty ? $0.patentStatus.rawValue : "\($0.patentStatus.rawValue) (\($0.patentOffices.joined(separator: ", ")))")
        }
        return try console.render(
            AvailabilityView(
                frame: frame, choices: choices, offered: offered, hasOffered: !offered.isEmpty, moreOffered: licensablePage.next != nil, field: field, territory: territory, on: on, licensee: licensee, exclusive: exclusive,
                asked: answer != nil, available: answer?.available ?? false, reasons: reasons, errors: errors),
            "availability")
    }

    // MARK: Mapping the API's answers

    static func view(_ asset: Components.Schemas.IPAsset, today: LocalDate) -> AssetView {
        let options = asset.options.map { option in
            let open = option.status.rawValue == "open"
            let left = open ? (try? LocalDate(parsing: option.expiresOn)).map { Days.left(until: $0, today: today) } ?? "" : ""
            return OptionRow(
                option: option.option, sponsor: option.sponsor, fields: option.fields.joined(separator: ", "), status: option.status.rawValue,
                expiresOn: option.expiresOn, daysLeft: left)
        }
        let licences = asset.licences.map { licence in
            let royalties = (licence.royalties ?? []).map(royalty)
            return LicenceRow(
                licence: licence.licence, licensee: licence.licensee, exclusivity: licence.exclusivity.rawValue.replacingOccurrences(of: "_", with: "-"),
                fields: licence.fields.joined(separator: ", "), territories: licence.territories.joined(separator: ", "),
                term: "\(licence.term.from) – \(licence.term.to ?? "open-ended")", inForceUntil: licence.inForceUntil ?? "",
                view: licence.view.rawValue, royalties: royalties, hasRoyalties: !royalties.isEmpty)
        }
        let patents = asset.patents.map {
            PatentRow(
                office: $0.office, application: $0.applicationNumber, number: $0.patentNumber ?? "", status: $0.status.rawValue,
                filedOn: $0.filedOn, grantedOn: $0.grantedOn ?? "")
        }
        let royalties = asset.royalties.map(royalty)
        let transfers = (asset.transfers ?? []).map {
            TransferRow(from: $0.from, to: $0.to, share: Self.percent($0.shareBasisPoints), on: $0.transferredOn)
        }
        return AssetView(
            asset: asset.asset, title: asset.title, lab: asset.lab, agreement: asset.agreement, disclosedOn: asset.disclosedOn,
            roles: (asset.partyRoles ?? []).map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }.joined(separator: ", "),
            hasRoles: !(asset.partyRoles ?? []).isEmpty,
            patentStatus: asset.patentStatus.rawValue,
            owners: asset.owners.map { Owner(party: $0.party, share: Self.percent($0.shareBasisPoints)) },
            options: options, hasOptions: !options.isEmpty, licences: licences, hasLicences: !licences.isEmpty, licenceCount: licences.count,
            patents: patents, hasPatents: !patents.isEmpty, royalties: royalties, hasRoyalties: !royalties.isEmpty,
            transfers: transfers, hasTransfers: !transfers.isEmpty)
    }

    static func royalty(_ total: Components.Schemas.RoyaltyTotal) -> RoyaltyRow {
        RoyaltyRow(
            currency: total.currency, reports: total.reports, netSales: total.netSales.amount, due: total.royaltyDue.amount,
            paid: total.paid.amount, outstanding: total.outstanding.amount)
    }

    static func slice(_ licence: Components.Schemas.IPAssetLicence) -> RightsMap.Licence {
        RightsMap.Licence(
            licence: licence.licence, licensee: licence.licensee, exclusive: licence.exclusivity.rawValue == "exclusive",
            fields: licence.fields, territories: licence.territories, from: licence.term.from, until: licence.inForceUntil)
    }

    static func reservation(_ option: Components.Schemas.IPAssetOption) -> RightsMap.Option {
        RightsMap.Option(option: option.option, sponsor: option.sponsor, fields: option.fields, grantedOn: option.grantedOn, reservedUntil: option.reservedUntil)
    }

    /// Basis points as a percentage: 5000 → "50.00%".
    static func percent(_ basisPoints: Int) -> String {
        String(format: "%d.%02d%%", basisPoints / 100, basisPoints % 100)
    }
}
