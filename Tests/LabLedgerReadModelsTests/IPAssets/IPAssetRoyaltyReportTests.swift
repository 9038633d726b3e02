import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

/// The `ip_assets` model is keyed (version 3): royalty reports are rows of
/// `ip_asset_royalty_reports`, payments rewrite their report's row, and the document keeps
/// only the totals, so its size does not grow with the reports.
@Suite("ip_assets read model: royalty reports as keyed rows")
struct IPAssetRoyaltyReportTests {
    typealias T = IPAssetTables

    @Test("each report is one row, and a payment rewrites its report's row with what was paid against it")
    func reportRows() throws {
        let story = try IPStory.licensed()
        let folded = try story.folded()
        #expect(folded.rows.tables[T.royaltyReports] == nil, "no replaced rows in the keyed table")
        let rows = try folded.keyed.rows(in: T.royaltyReports).map { try JSONDecoder().decode(T.RoyaltyReport.self, from: $0) }
        #expect(rows.map { "\($0.licence_id) \($0.period) \($0.currency) due \($0.royalty_due_minor_units) paid \($0.paid_minor_units) sales \($0.net_sales_minor_units) \($0.reported_on)" } == [
            "tencent-cv-cn 2020-01-01/2021-01-01 CNY due 6000000 paid 4000000 sales 200000000 2021-01-15",
            "tencent-cv-cn 2021-01-01/2022-01-01 CNY due 5000000 paid 5000000 sales 100000000 2022-01-10",
        ])
        #expect(rows.allSatisfy { $0.stream_id == story.streamID && $0.asset_id == "mi-invention-2019-001" && $0.period_to != nil })
        // The keys are the rows' primary-key columns.
        #expect(folded.keyed.order.map(\.values) == rows.map { [$0.stream_id, $0.licence_id, $0.period] })
    }

    @Test("the document does not grow with reports and payments: after 36 more of each it is within 32 bytes of its size after one")
    func documentDoesNotGrow() throws {
        func fold(months: Int) throws -> StreamModel.Folded {
            var story = try IPStory.licensed()
            let licence: LicenceID = try IPStory.parse("tencent-cv-cn")
            /// The first day of the `index`th month from January 2022.
            func first(_ index: Int) throws -> LocalDate {
                let month = index % 12 + 1
                return try IPStory.day("\(2022 + index / 12)-\(month < 10 ? "0" : "")\(month)-01")
            }
            for month in 0..<months {
                let from = try first(month)
                let to = try first(month + 1)
                let period = try DateRange(from: from, to: to)
                try story.run(.reportRoyalty(ReportRoyalty(
                    licence: licence, period: period, netSales: try story.cnyAmount("1000"), royaltyDue: try story.cnyAmount("100"), reportedOn: to)))
                try story.run(.recordRoyaltyPayment(RecordRoyaltyPayment(
                    licence: licence, period: period, amount: try story.cnyAmount("100"), paidOn: to, reference: "M-\(month)")))
            }
            return try story.folded()
        }
        let one = try fold(months: 1)
        let many = try fold(months: 36)
        #expect(many.document.count < one.document.count + 32, "\(one.document.count) bytes after one month, \(many.document.count) after 36")
        #expect(many.keyed.rows(in: T.royaltyReports).count == 2 + 36)
        let total = try #require(try many.rows.rows(T.Royalty.self, in: T.royalties).only)
        #expect(total.report_count == 38 && total.paid_minor_units == 9_000_000 + 36 * 10_000 && total.reported_until == "2025-01-01")
    }

    @Test("a payment against a report the table does not have, or a second report of one period, is refused")
    func refused() throws {
        let story = try IPStory.licensed()
        let model = try #require(IPAssetReadModel.projection.model(for: story.streamID))
        let events = try story.stored()
        // Everything but the last report and its payment, then the payment alone: no report.
        let before = try model.fold(nil, story.streamID, Array(events.dropLast(2)))
        let table = KeyedRows(found: before.keyed.written)
        var payment = try #require(events.last)
        payment.streamVersion -= 1
        #expect(throws: ReadModelError.self) { try model.fold(before.document, story.streamID, [payment], found: table) }
        // The same report twice.
        let all = try model.fold(nil, story.streamID, events)
        var again = events[events.count - 2]
        again.streamVersion = events.count + 1
        #expect(throws: ReadModelError.self) { try model.fold(all.document, story.streamID, [again], found: KeyedRows(found: all.keyed.written)) }
        // With the report in the table, the payment folds.
        #expect(throws: Never.self) { try model.fold(before.document, story.streamID, [events[events.count - 2], events[events.count - 1]], found: table) }
    }

    @Test("a version 2 document, with the reports in its state, folds on: its reports are written as rows and the rest is as if folded from the start")
    func foldsOntoVersionTwoDocuments() throws {
        let story = try IPStory.licensed()
        let model = try #require(IPAssetReadModel.projection.model(for: story.streamID))
        let events = try story.stored()
        let whole = try model.fold(nil, story.streamID, events)
        // Version 2 stored the decider's state, reports and payment references included, and no totals.
        let kept = events.count - 2
        let head = try model.fold(nil, story.streamID, Array(events.prefix(kept)))
        var object = try #require(try JSONSerialization.jsonObject(with: head.document) as? [String: Any])
        object["state"] = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(story.truncated(to: kept).state))
        object["royalties"] = nil
        let versionTwo = try JSONSerialization.data(withJSONObject: object)
        #expect(String(decoding: versionTwo, as: UTF8.self).contains("TX-2021-1"), "the version 2 document holds the paid report")

        let decoded = try JSONDecoder().decode(IPAssetDocument.self, from: versionTwo)
        let current = try JSONDecoder().decode(IPAssetDocument.self, from: head.document)
        #expect(decoded.royalties == current.royalties && decoded.state == current.state, "read as the totals and the state without reports")

        let rest = try model.fold(versionTwo, story.streamID, Array(events.suffix(2)))
        #expect(rest.document == whole.document)
        #expect(rest.rows == whole.rows)
        var table: [RowKey: Data] = [:]
        for key in rest.keyed.order { table[key] = rest.keyed.written[key] }
        #expect(table == whole.keyed.written, "the carried report and the new one, as a fold from the start writes them")
    }

    @Test("the stored answers' royalties are the sums of the domain's reports, over the licences each key sees in full")
    func answersSumTheDomainsReports() throws {
        var story = try IPStory.afterTermination()
        // A report in another currency: one total per currency.
        try story.run(.reportRoyalty(ReportRoyalty(
            licence: try IPStory.parse("jd-nlp-hk"), period: try IPStory.period("2023-01-01", "2024-01-01"),
            netSales: try Money(parsing: "1000", currency: try IPStory.parse("HKD")), royaltyDue: try Money(parsing: "70", currency: try IPStory.parse("HKD")),
            reportedOn: try IPStory.day("2024-01-10"))))
        let state = story.state
        let views = try story.folded().rows.tables[T.views] ?? []
        var checked = 0
        for view in views {
            let row = try #require(try JSONSerialization.jsonObject(with: view) as? [String: Any])
            let viewer = try #require(row["viewer"] as? String)
            let body = try #require(row["answer"] as? [String: Any])
            let licences = try #require(body["licences"] as? [[String: Any]])
            var shown: [IPAssetState.RoyaltyReport] = []
            for licence in state.licences {
                let rendered = try #require(licences.first { $0["licence"] as? String == licence.id.rawValue })
                guard rendered["view"] as? String == "full" else { continue }
                shown += licence.reports
                #expect(Self.summary(rendered["royalties"]) == Self.sums(licence.reports), "\(viewer): \(licence.id)")
            }
            #expect(Self.summary(body["royalties"]) == Self.sums(shown), "\(viewer)")
            checked += shown.isEmpty ? 0 : 1
        }
        #expect(checked >= 2, "some keys see reports")
        #expect(Self.sums(state.licences.flatMap(\.reports)).count == 2, "two currencies")
    }

    /// "CUR reports until sales due paid outstanding" per currency, from rendered JSON.
    static func summary(_ json: Any?) -> [String] {
        ((json as? [[String: Any]]) ?? []).map { total in
            func amount(_ key: String) -> String { ((total[key] as? [String: Any])?["amount"] as? String) ?? "?" }
            return "\(total["currency"] ?? "?") \(total["reports"] ?? "?") \(total["reportedUntil"] ?? "-") \(amount("netSales")) \(amount("royaltyDue")) \(amount("paid")) \(amount("outstanding"))"
        }
    }

    /// The same, summed here from the domain's reports.
    static func sums(_ reports: [IPAssetState.RoyaltyReport]) -> [String] {
        Dictionary(grouping: reports, by: \.royaltyDue.currency).sorted { $0.key.rawValue < $1.key.rawValue }.map { currency, reports in
            func sum(_ amounts: [Money]) -> Money { Money(minorUnits: amounts.map(\.minorUnits).reduce(0, +), currency: currency) }
            let due = sum(reports.map(\.royaltyDue))
            let paid = sum(reports.map(\.paid))
            let until = reports.compactMap(\.period.to).max()?.rawValue ?? "-"
            return "\(currency.rawValue) \(reports.count) \(until) \(sum(reports.map(\.netSales)).decimalString) \(due.decimalString) \(paid.decimalString) \(Money(minorUnits: due.minorUnits - paid.minorUnits, currency: currency).decimalString)"
        }
    }
}

extension Array {
    /// The single element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
