import Foundation
import Hummingbird
import LabLedgerAPI
import LabLedgerContract

/// A lab operator's pages: the labs with their members, agreements (signatures, amendments),
/// accelerator rounds against capacity, and funding per funder and currency as a chart.
struct OperatorPages: Sendable {
    let console: Console

    func register(on group: RouterGroup<BasicRequestContext>) {
        let c = console
        group.get("labs") { request, _ in try await c.page(request) { try await self.labs($0, $1) } }
        group.get("labs/:lab") { request, context in
            let lab = context.parameters.get("lab") ?? ""
            return try await c.page(request) { try await self.lab($0, $1, lab: lab) }
        }
    }

    struct Member { let party: String; let role: String; let founder: Bool; let admittedOn: String; let departedOn: String }
    struct LabRow {
        let lab: String; let name: String; let foundedOn: String; let status: String; let memberCount: Int; let members: [Member]; let areas: String
        let hasAreas: Bool
    }
    struct LabsView { let frame: Frame; let labs: [LabRow]; let empty: Bool; let headers: [TableSort.Header]; let nextLink: String; let hasNext: Bool }

    /// At most this many agreements on a lab's page; a longer list says that it was cut (the
    /// page's work stays bounded however long the history grows).
    static let listLimit = 200
    /// Labs per page of /console/labs, which pages with the API's cursor.
    static let labsPage = 50

    /// Each sorts the whole list through the API (`listLabs`' `sort`).
    static let labColumns: [TableSort.Column] = [
        .init(key: "lab", label: "Lab", api: "lab"), .init(key: "name", label: "Name", api: "name"),
        .init(key: "founded", label: "Founded", api: "foundedOn"), .init(key: "status", label: "Status", api: "status"),
        .init(key: "members", label: "Current members", api: "memberCount"),
    ]

    /// A page of the labs the key may read, from the `directory` read model in two queries (labs,
    /// then all their members), through the API handler's own access check and position wait.
    func labs(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        let sort = TableSort(Self.labColumns, sort: request.uri.queryParameters.get("sort"), dir: request.uri.queryParameters.get("dir"))
        try sort.check()
        let after = request.uri.queryParameters.get("after")
        let order = sort.apiOrder
        let found = try await console.api.read(as: session.principal, requestID: Console.requestID()) {
            try await $0.listLabs(.init(query: .init(
                sort: order.sort.flatMap { .init(rawValue: $0) }, order: order.order.flatMap { .init(rawValue: $0) }, after: after,
                limit: Self.labsPage)))
        }.ok.body.json
        let rows = found.items.map(Self.row)
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Labs", path: request.uri.path, freshness: freshness)
        let path = "/console/labs"
        let nextLink = found.next.map { TableSort.link(path, [("after", $0)] + sort.parameters) } ?? ""
        return try console.render(
            LabsView(
                frame: frame, labs: rows, empty: rows.isEmpty, headers: sort.headers(path: path, keep: []),
                nextLink: nextLink, hasNext: !nextLink.isEmpty),
            "labs")
    }

    static func row(_ lab: Components.Schemas.LabView) -> LabRow {
        LabRow(
            lab: lab.lab, name: lab.name, foundedOn: lab.foundedOn, status: lab.status.rawValue,
            // Current members, as the API's `memberCount` sort counts them (the table below lists departed spells too).
            memberCount: lab.members.filter { $0.departedOn == nil }.count,
            members: lab.members.map {
                Member(party: $0.party, role: Self.words($0.role), founder: $0.founder, admittedOn: $0.admittedOn, departedOn: $0.departedOn ?? "")
            },
            areas: lab.researchAreas.joined(separator: ", "), hasAreas: !lab.researchAreas.isEmpty)
    }

    struct Signature { let party: String; let role: String; let share: String; let signedOn: String; let signed: Bool }
    struct Amendment { let number: Int; let summary: String; let effectiveFrom: String; let changes: String }
    struct AgreementRow {
        let agreement: String; let title: String; let kind: String; let status: String; let term: String
        let parties: [Signature]; let amendments: [Amendment]; let hasAmendments: Bool
    }
    struct RoundRow { let round: String; let name: String; let status: String; let admitted: Int; let capacity: Int; let applied: Int; let fill: Int }
    struct FundingRow { let funder: String; let measure: String; let committed: String; let disbursed: String; let remaining: String }
    struct TotalRow { let measure: String; let commitments: Int; let committed: String; let disbursed: String; let remaining: String; let released: String }
    struct LabView {
        let frame: Frame
        let lab: LabRow
        let agreements: [AgreementRow]
        let hasAgreements: Bool
        let agreementsTruncated: Bool
        let limit: Int
        let rounds: [RoundRow]
        let hasRounds: Bool
        let totals: [TotalRow]
        let funding: [FundingRow]
        let hasFunding: Bool
        let chart: BarChart
    }

    func lab(_ request: Request, _ session: ConsoleSession, lab id: String) async throws -> Response {
        let principal = session.principal
        let lab = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.getLab(.init(path: .init(labId: id)))
        }.ok.body.json
        let found = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listLabAgreements(.init(path: .init(labId: lab.lab), query: .init(limit: Self.listLimit)))
        }.ok.body.json
        let agreements = found.items.map(Self.row)
        let rounds = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listLabRounds(.init(path: .init(labId: id), query: .init(limit: 100)))
        }.ok.body.json.items.map(Self.row)
        let funding = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.getLabFunding(.init(path: .init(labId: id), query: .init(limit: 1000)))
        }.ok.body.json
        let perFunder = FundingByFunder(funding.items.map {
            FundingByFunder.Commitment(
                funder: $0.funder, measure: Self.measure($0.committed), committed: Self.quantity($0.committed),
                disbursed: Self.quantity($0.disbursed), remaining: Self.quantity($0.remaining))
        })
        let totals = funding.totals.map {
            TotalRow(
                measure: $0.currency ?? $0.unit?.rawValue.replacingOccurrences(of: "_", with: " ") ?? "", commitments: $0.commitments,
                committed: Self.text($0.committed), disbursed: Self.text($0.disbursed), remaining: Self.text($0.remaining),
                released: Self.text($0.released))
        }
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Lab \(lab.name)", path: request.uri.path, freshness: freshness)
        let rows = perFunder.series.map {
            FundingRow(funder: $0.funder, measure: $0.measure, committed: BarChart.format($0.committed), disbursed: BarChart.format($0.disbursed), remaining: BarChart.format($0.remaining))
        }
        return try console.render(
            LabView(
                frame: frame, lab: Self.row(lab), agreements: Array(agreements), hasAgreements: !agreements.isEmpty,
                agreementsTruncated: found.next != nil, limit: Self.listLimit, rounds: rounds,
                hasRounds: !rounds.isEmpty, totals: totals, funding: rows, hasFunding: !rows.isEmpty,
                chart: BarChart(perFunder.series.map {
                    BarChart.Series(label: "\($0.funder) · \($0.measure)", committed: $0.committed, disbursed: $0.disbursed, remaining: $0.remaining)
                })),
            "lab")
    }

    static func row(_ agreement: Components.Schemas.Agreement) -> AgreementRow {
        let parties = agreement.parties.map {
            Signature(
                party: $0.party, role: Self.words($0.role), share: $0.costShareBasisPoints.map(CompanyPages.percent) ?? "",
                signedOn: $0.signedOn ?? "", signed: $0.signedOn != nil)
        }
        let amendments = agreement.amendments.map {
            Amendment(number: $0.number, summary: $0.summary, effectiveFrom: $0.effectiveFrom, changes: $0.changes.map(\.rawValue).joined(separator: ", "))
        }
        return AgreementRow(
            agreement: agreement.agreement, title: agreement.title, kind: agreement.kind.rawValue, status: agreement.status.rawValue,
            term: "\(agreement.term.from) – \(agreement.term.to ?? "open-ended")", parties: parties, amendments: amendments,
            hasAmendments: !amendments.isEmpty)
    }

    static func row(_ round: Components.Schemas.Round) -> RoundRow {
        let admitted = round.counts.admitted
        let capacity = round.capacity
        return RoundRow(
            round: round.round, name: "Round \(round.number)", status: round.status.rawValue, admitted: admitted, capacity: capacity,
            applied: round.counts.applied, fill: capacity > 0 ? min(100, admitted * 100 / capacity) : 0)
    }

    /// A lab member's and an agreement party's role are one vocabulary, shown the same way.
    static func words(_ role: Components.Schemas.PartyRole) -> String {
        role.rawValue.replacingOccurrences(of: "_", with: " ")
    }

    static func measure(_ amount: Components.Schemas.Amount) -> String {
        amount.currency ?? amount.unit?.rawValue.replacingOccurrences(of: "_", with: " ") ?? ""
    }

    static func quantity(_ amount: Components.Schemas.Amount) -> Decimal {
        if let text = amount.amount { return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? 0 }
        return Decimal(amount.quantity ?? 0)
    }

    static func text(_ amount: Components.Schemas.Amount) -> String {
        if amount.amount != nil { return "\(amount.currency ?? "") \(BarChart.format(quantity(amount)))" }
        return "\(BarChart.format(Decimal(amount.quantity ?? 0))) \(measure(amount))"
    }
}

/// Commitments summed per funder and currency (or in-kind unit), in the order funders first
/// appear: the chart's and the table's rows. Different currencies are never added together.
struct FundingByFunder: Sendable, Equatable {
    struct Commitment: Sendable, Equatable {
        let funder: String
        let measure: String
        let committed: Decimal
        let disbursed: Decimal
        let remaining: Decimal
    }

    let series: [Commitment]

    init(_ commitments: [Commitment]) {
        var order: [String] = []
        var sums: [String: Commitment] = [:]
        for item in commitments {
            let key = "\(item.funder)\u{0}\(item.measure)"
            if let sum = sums[key] {
                sums[key] = Commitment(
                    funder: item.funder, measure: item.measure, committed: sum.committed + item.committed,
                    disbursed: sum.disbursed + item.disbursed, remaining: sum.remaining + item.remaining)
            } else {
                order.append(key)
                sums[key] = item
            }
        }
        series = order.compactMap { sums[$0] }
    }
}
