import Foundation
import LabLedgerDomain
import Testing
@testable import LabLedgerReadModels

@Suite("Funding read model: commitments")
struct FundingCommitmentTests {
    typealias F = LedgerFixtures
    let given: FundingFixtures
    let projection = FundingReadModel.projection

    init() throws { given = try FundingFixtures() }

    @Test("a new commitment has everything still to disburse, in minor units of its currency")
    func newCommitment() throws {
        var stream = given.commitmentStream()
        let folded = try F.fold(projection, [try stream.next(given.committed())])

        let row = try F.row(folded, "funding_commitments", as: FundingCommitmentRow.self)
        #expect(row == FundingCommitmentRow(
            stream_id: "commitment-tencent-phd-stipends-2018", commitment_id: "tencent-phd-stipends-2018",
            agreement_id: "tencent-cuhksz-joint-lab-2018", funder_id: "tencent", purpose: "phd_stipend", amount_kind: "cash",
            currency: "CNY", unit: nil, initially_committed: 120_000_000, committed: 120_000_000, disbursed: 0,
            remaining: 120_000_000, released: 0, period_from: "2018-09-01", period_to: "2022-09-01", status: "open",
            closed_on: nil, closed_reason: nil, stream_version: 1, updated_position: 15))
        #expect(folded.rows.tables["funding_disbursements"] == nil)
        #expect(folded.keyed.order.isEmpty)
    }

    @Test("disbursements count until reversed, and every one keeps its row with the reversal on it")
    func disbursementsAndReversal() throws {
        var stream = given.commitmentStream()
        let events = try stream.events([
            try given.committed(),
            try given.disbursed("15000", on: "2018-09-30", reference: "stipend-2018-09"),
            try given.disbursed("15000.50", on: "2018-10-31", reference: "stipend-2018-10"),
            .disbursementReversed(DisbursementReversed(reference: "stipend-2018-09", reason: "paid to the wrong account", reversedOn: try F.date("2018-10-02"))),
        ])
        let folded = try F.fold(projection, events)

        let row = try F.row(folded, "funding_commitments", as: FundingCommitmentRow.self)
        #expect(row.disbursed == 1_500_050)
        #expect(row.remaining == 120_000_000 - 1_500_050)
        #expect(row.stream_version == 4)
        #expect(row.updated_position == 45)
        let disbursements = try F.rows(folded, "funding_disbursements", as: FundingDisbursementRow.self)
        #expect(disbursements.map(\.reference) == ["stipend-2018-09", "stipend-2018-10"])
        #expect(disbursements.map(\.amount) == [1_500_000, 1_500_050])
        #expect(disbursements.map(\.reversed) == [true, false])
        #expect(disbursements[0].reversed_on == "2018-10-02")
        #expect(disbursements[0].reversal_reason == "paid to the wrong account")
        #expect(disbursements[1].value_date == "2018-10-31")
        #expect(disbursements.map(\.recorded_version) == [2, 3])
        #expect(disbursements.allSatisfy { $0.funder_id == "tencent" && $0.currency == "CNY" && $0.unit == nil })
    }

    @Test("an adjustment changes what is committed and is listed with its amendment")
    func adjustment() throws {
        var stream = given.commitmentStream()
        let events = try stream.events([
            try given.committed(),
            try given.disbursed("100000", on: "2019-01-31", reference: "stipend-2019-01"),
            .adjusted(CommitmentAdjusted(delta: try F.cash("-200000", "CNY"), amendment: 1)),
        ])
        let folded = try F.fold(projection, events)

        let row = try F.row(folded, "funding_commitments", as: FundingCommitmentRow.self)
        #expect(row.initially_committed == 120_000_000)
        #expect(row.committed == 100_000_000)
        #expect(row.remaining == 90_000_000)
        let adjustment = try F.row(folded, "funding_adjustments", as: FundingAdjustmentRow.self)
        #expect(adjustment == FundingAdjustmentRow(
            stream_id: given.commitmentStreamID, commitment_id: "tencent-phd-stipends-2018", amendment: 1, delta: -20_000_000,
            recorded_version: 3, recorded_position: 35))
    }

    @Test("closing releases what was not disbursed: nothing remains to draw")
    func closing() throws {
        var stream = given.commitmentStream()
        let events = try stream.events([
            try given.committed(),
            try given.disbursed("300000", on: "2019-06-30", reference: "stipend-2019"),
            .closed(CommitmentClosed(closedOn: try F.date("2020-01-15"), reason: "student transferred")),
        ])
        let row = try F.row(try F.fold(projection, events), "funding_commitments", as: FundingCommitmentRow.self)

        #expect(row.status == "closed")
        #expect(row.closed_on == "2020-01-15")
        #expect(row.closed_reason == "student transferred")
        #expect(row.committed == 120_000_000)
        #expect(row.disbursed == 30_000_000)
        #expect(row.remaining == 0)
        #expect(row.released == 90_000_000)
    }

    @Test("an in-kind commitment is counted in its unit, with no currency")
    func inKind() throws {
        var stream = given.commitmentStream()
        let events = try stream.events([
            try given.committed(.inKind(InKindQuantity(5000, .gpuHours)), purpose: .computeCredits),
            .disbursementRecorded(DisbursementRecorded(amount: .inKind(InKindQuantity(1200, .gpuHours)), valueDate: try F.date("2019-03-01"), reference: "gpu-q1")),
        ])
        let folded = try F.fold(projection, events)

        let row = try F.row(folded, "funding_commitments", as: FundingCommitmentRow.self)
        #expect(row.amount_kind == "in_kind")
        #expect(row.unit == "gpu_hours")
        #expect(row.currency == nil)
        #expect((row.committed, row.disbursed, row.remaining) == (5000, 1200, 3800))
        let disbursement = try F.row(folded, "funding_disbursements", as: FundingDisbursementRow.self)
        #expect((disbursement.amount_kind, disbursement.unit, disbursement.amount) == ("in_kind", "gpu_hours", 1200))
    }

    @Test("a commitment folded in two batches through its stored document equals one folded at once")
    func incrementalEqualsRebuild() throws {
        var stream = given.commitmentStream()
        let events = try stream.events([
            try given.committed(),
            try given.disbursed("15000", on: "2018-09-30", reference: "stipend-2018-09"),
            .adjusted(CommitmentAdjusted(delta: try F.cash("50000", "CNY"), amendment: 1)),
            .disbursementReversed(DisbursementReversed(reference: "stipend-2018-09", reason: "returned", reversedOn: try F.date("2018-10-01"))),
            .closed(CommitmentClosed(closedOn: try F.date("2021-01-01"), reason: "done")),
        ])
        let atOnce = try F.fold(projection, events)
        let first = try F.fold(projection, Array(events.prefix(2)))
        let rest = try F.fold(projection, Array(events.dropFirst(2)), onto: first.document, found: KeyedRows(found: F.keyedTables([first])))

        #expect(rest.document == atOnce.document)
        #expect(rest.rows == atOnce.rows)
        #expect(F.keyedTables([first, rest]) == F.keyedTables([atOnce]))
        #expect(F.keyedTables([atOnce]).count == 2, "one disbursement and one adjustment")
    }

    @Test("an event already folded is not counted again")
    func redelivery() throws {
        var stream = given.commitmentStream()
        let events = try stream.events([try given.committed(), try given.disbursed("15000", on: "2018-09-30", reference: "stipend-2018-09")])
        let once = try F.fold(projection, events)
        let again = try F.fold(projection, [events[1]], onto: once.document)

        #expect(again.document == once.document)
        #expect(try F.row(again, "funding_commitments", as: FundingCommitmentRow.self).disbursed == 1_500_000)
    }

    @Test("events that cannot apply to the commitment stop the fold")
    func outOfOrder() throws {
        var stream = given.commitmentStream()
        let committed = try stream.next(given.committed())
        let otherCurrency = try stream.next(.disbursementRecorded(DisbursementRecorded(
            amount: try F.cash("100", "HKD"), valueDate: try F.date("2018-10-01"), reference: "hkd-1")))
        var other = given.commitmentStream()
        let disbursementFirst = try other.next(given.disbursed("15000", on: "2018-09-30", reference: "stipend-2018-09"))
        var third = given.commitmentStream()
        let unknownReversal = try third.events([
            try given.committed(),
            .disbursementReversed(DisbursementReversed(reference: "never-paid", reason: "?", reversedOn: try F.date("2019-01-01"))),
        ])

        #expect(F.outOfOrder { _ = try F.fold(projection, [disbursementFirst]) })
        #expect(F.outOfOrder { _ = try F.fold(projection, [committed, otherCurrency]) })
        #expect(F.outOfOrder { _ = try F.fold(projection, unknownReversal) })
        var elsewhere = LedgerFixtureStream<FundingEventCodec>("commitment-another-one")
        let committedElsewhere = try elsewhere.next(given.committed())
        #expect(F.outOfOrder { _ = try F.fold(projection, [committedElsewhere]) }, "the keyed rows' commitment id is the stream's")
    }

    @Test("a reference already in the table, or a disbursement already reversed there, stops the fold of a later page")
    func keyedRowsFromEarlierPages() throws {
        var stream = given.commitmentStream()
        let events = try stream.events([
            try given.committed(),
            try given.disbursed("15000", on: "2018-09-30", reference: "stipend-2018-09"),
            .disbursementReversed(DisbursementReversed(reference: "stipend-2018-09", reason: "returned", reversedOn: try F.date("2018-10-01"))),
            try given.disbursed("15000", on: "2018-10-30", reference: "stipend-2018-09"),
        ])
        let first = try F.fold(projection, Array(events.prefix(3)))
        let found = KeyedRows(found: F.keyedTables([first]))
        var again = given.commitmentStream()
        let reversedTwice = try again.events([
            try given.committed(),
            try given.disbursed("15000", on: "2018-09-30", reference: "stipend-2018-09"),
            .disbursementReversed(DisbursementReversed(reference: "stipend-2018-09", reason: "returned", reversedOn: try F.date("2018-10-01"))),
            .disbursementReversed(DisbursementReversed(reference: "stipend-2018-09", reason: "again", reversedOn: try F.date("2018-10-02"))),
        ])

        #expect(F.outOfOrder { _ = try F.fold(projection, [events[3]], onto: first.document, found: found) })
        #expect(F.outOfOrder { _ = try F.fold(projection, [reversedTwice[3]], onto: first.document, found: found) })
        #expect(try F.fold(projection, [events[3]], onto: first.document).keyed.order.count == 1, "the same event without the table's row folds")
    }

    @Test("the stored document does not grow with the disbursements: they are rows written once, not part of it")
    func documentStaysSmall() throws {
        try F.expectDocumentDoesNotGrow(projection, given.commitmentStream(), start: try given.committed()) {
            try given.disbursed("100", on: "2019-01-01", reference: "stipend-\($0)")
        }
    }

    /// The document version 1 of the projection stored: the decider's whole state besides the
    /// commitment, with every disbursement in it.
    struct VersionOneDocument: Encodable {
        struct Disbursement: Encodable { var reference: String }
        var commitment: FundingCommitted
        var state: FundingState
        var disbursements: [Disbursement]
        var adjustments: [Disbursement] = []
        var closedReason: String?
        var streamVersion: Int
        var updatedPosition: Int64
    }

    @Test("a version 1 document (the decider's whole state) folds on: live pages go on while the rebuild to version 2 runs")
    func versionOneDocumentsFoldOn() throws {
        var stream = given.commitmentStream()
        let events = try stream.events([
            try given.committed(),
            try given.disbursed("15000", on: "2018-09-30", reference: "stipend-2018-09"),
            try given.disbursed("15000", on: "2018-10-30", reference: "stipend-2018-10"),
            .disbursementReversed(DisbursementReversed(reference: "stipend-2018-09", reason: "returned", reversedOn: try F.date("2018-10-02"))),
        ])
        let decoded = try events.prefix(2).map { try $0.decoded(FundingEventCodec.self) }
        guard case .committed(let committed) = decoded[0] else { Issue.record("the first event commits"); return }
        let versionOne = try JSONEncoder().encode(VersionOneDocument(
            commitment: committed, state: FundingDecider.fold(decoded), disbursements: [.init(reference: "stipend-2018-09")],
            streamVersion: 2, updatedPosition: events[1].position))
        // The rows version 1 wrote for the first two events are the rows version 2 writes for them.
        let tables = KeyedRows(found: F.keyedTables([try F.fold(projection, Array(events.prefix(2)))]))

        let folded = try F.fold(projection, Array(events.dropFirst(2)), onto: versionOne, found: tables)
        let atOnce = try F.fold(projection, events)
        #expect(folded.document == atOnce.document)
        #expect(folded.rows == atOnce.rows)
        #expect(try F.row(folded, "funding_commitments", as: FundingCommitmentRow.self).disbursed == 1_500_000)
    }
}
