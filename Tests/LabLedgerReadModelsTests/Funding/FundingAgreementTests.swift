import Foundation
import LabLedgerDomain
import Testing
@testable import LabLedgerReadModels

@Suite("Funding read model: agreements")
struct FundingAgreementTests {
    typealias F = LedgerFixtures
    let given: FundingFixtures
    let projection = FundingReadModel.projection

    init() throws { given = try FundingFixtures() }

    @Test("a drafted agreement names its lab and parties, none signed yet")
    func drafted() throws {
        var stream = given.agreementStream()
        let folded = try F.fold(projection, [try stream.next(given.drafted())])

        let row = try F.row(folded, "funding_agreements", as: FundingAgreementRow.self)
        #expect(row == FundingAgreementRow(
            stream_id: "agreement-tencent-cuhksz-joint-lab-2018", agreement_id: "tencent-cuhksz-joint-lab-2018",
            lab_id: "tencent-cuhksz-machine-intelligence", kind: "joint_lab_agreement", title: "Machine Intelligence Joint Lab agreement",
            status: "drafted", term_from: "2018-06-12", term_to: "2023-06-12", drafted_on: "2018-05-01", executed_on: nil,
            terminated_on: nil, expired_on: nil, amendments: [], stream_version: 1, updated_position: 10))
        let parties = try F.rows(folded, "funding_agreement_parties", as: FundingAgreementPartyRow.self)
        #expect(parties == [
            FundingAgreementPartyRow(stream_id: given.agreementStreamID, agreement_id: "tencent-cuhksz-joint-lab-2018",
                                     party_id: "tencent", role: "sponsor", cost_share_basis_points: 10_000, signed_on: nil),
            FundingAgreementPartyRow(stream_id: given.agreementStreamID, agreement_id: "tencent-cuhksz-joint-lab-2018",
                                     party_id: "cuhk-shenzhen", role: "university", cost_share_basis_points: nil, signed_on: nil),
        ])
    }

    @Test("the agreement is executed on the day the last party signs, as the agreement decider says")
    func executed() throws {
        var stream = given.agreementStream()
        let events = try stream.events([try given.drafted(), try given.signed(given.cuhksz, on: "2018-06-10"), try given.signed(given.tencent, on: "2018-06-12")])
        let afterOne = try F.fold(projection, Array(events.prefix(2)))
        let afterBoth = try F.fold(projection, events)

        #expect(try F.row(afterOne, "funding_agreements", as: FundingAgreementRow.self).status == "drafted")
        let row = try F.row(afterBoth, "funding_agreements", as: FundingAgreementRow.self)
        #expect(row.status == "executed")
        #expect(row.executed_on == "2018-06-12")
        let signedOn = try F.rows(afterBoth, "funding_agreement_parties", as: FundingAgreementPartyRow.self).map(\.signed_on)
        #expect(signedOn == ["2018-06-12", "2018-06-10"])
    }

    @Test("amendments change the cost shares and term shown; termination is shown with its date")
    func amendedAndTerminated() throws {
        var stream = given.agreementStream()
        let events = try stream.events([
            try given.drafted(), try given.signed(given.tencent, on: "2018-06-12"), try given.signed(given.cuhksz, on: "2018-06-12"),
            .amended(AgreementAmended(number: 1, changes: AmendmentChanges(
                summary: "CUHK-Shenzhen bears a fifth; term extended",
                costShares: [CostShare(party: given.tencent, basisPoints: try BasisPoints(8000)), CostShare(party: given.cuhksz, basisPoints: try BasisPoints(2000))],
                term: try F.range("2018-06-12", "2025-06-12")), effectiveFrom: try F.date("2020-01-01"))),
            .terminated(AgreementTerminated(reason: "lab restructured", effectiveOn: try F.date("2024-01-01"))),
        ])
        let folded = try F.fold(projection, events)

        let row = try F.row(folded, "funding_agreements", as: FundingAgreementRow.self)
        #expect(row.amendments == [1])
        #expect(row.term_to == "2025-06-12")
        #expect(row.status == "terminated")
        #expect(row.terminated_on == "2024-01-01")
        #expect(row.stream_version == 5)
        let shares = try F.rows(folded, "funding_agreement_parties", as: FundingAgreementPartyRow.self).map(\.cost_share_basis_points)
        #expect(shares == [8000, 2000])
    }

    @Test("signatories' names and contact details appear in no row")
    func noPersonalData() throws {
        var stream = given.agreementStream()
        let events = try stream.events([try given.drafted(), try given.signed(given.tencent, on: "2018-06-12")])
        let text = F.allRowsText(try F.fold(projection, events))

        #expect(!text.contains("Zhang Min"))
        #expect(!text.contains("zhang.min@example.com"))
        #expect(!text.contains("+86"))
        #expect(!text.contains("person-0100"))
    }

    @Test("per-lab balances come from joining the projection's own commitment and agreement rows")
    func labThroughAgreement() throws {
        var agreementStream = given.agreementStream()
        var commitmentStream = given.commitmentStream()
        let agreement = try F.row(
            try F.fold(projection, try agreementStream.events([try given.drafted()])), "funding_agreements", as: FundingAgreementRow.self)
        let commitment = try F.row(
            try F.fold(projection, [try commitmentStream.next(given.committed())]), "funding_commitments", as: FundingCommitmentRow.self)

        #expect(commitment.agreement_id == agreement.agreement_id)
        #expect(agreement.lab_id == "tencent-cuhksz-machine-intelligence")
    }

    @Test("a signature on an agreement never drafted stops the fold; a redelivered one is ignored")
    func outOfOrder() throws {
        var stream = given.agreementStream()
        let events = try stream.events([try given.drafted(), try given.signed(given.tencent, on: "2018-06-12")])
        let folded = try F.fold(projection, events)

        #expect(F.outOfOrder { _ = try F.fold(projection, [events[1]]) })
        #expect(try F.fold(projection, [events[1]], onto: folded.document).document == folded.document)
    }

    @Test("the projection owns its documents and five query tables, fed by agreement and commitment streams")
    func projectionShape() throws {
        #expect(projection.name == "funding")
        #expect(projection.documentsTable == "funding_documents")
        #expect(projection.tables == [
            "funding_documents", "funding_agreements", "funding_agreement_parties", "funding_commitments",
            "funding_disbursements", "funding_adjustments",
        ])
        #expect(projection.model(for: given.agreementStreamID)?.category == .agreement)
        #expect(projection.model(for: given.commitmentStreamID)?.category == .commitment)
        #expect(projection.model(for: "placement-phd-1") == nil)
        #expect(projection.eventTypes == Set(AgreementEventCodec.eventTypes + FundingEventCodec.eventTypes))
    }

    @Test("every row key is a column of 0006_funding.sql and every column is written")
    func rowsMatchMigration() throws {
        var agreementStream = given.agreementStream()
        var commitmentStream = given.commitmentStream()
        let agreement = try F.fold(projection, try agreementStream.events([
            try given.drafted(), try given.signed(given.tencent, on: "2018-06-12"), try given.signed(given.cuhksz, on: "2018-06-12"),
            .expired(AgreementExpired(expiredOn: try F.date("2023-06-12"))),
        ]))
        var terminatedStream = LedgerFixtureStream<AgreementEventCodec>("agreement-other")
        let terminated = try F.fold(projection, try terminatedStream.events([
            try given.drafted(), .terminated(AgreementTerminated(reason: "r", effectiveOn: try F.date("2019-01-01"))),
        ]))
        let cash = try F.fold(projection, try commitmentStream.events([
            try given.committed(), try given.disbursed("1", on: "2018-09-30", reference: "a"),
            .disbursementReversed(DisbursementReversed(reference: "a", reason: "r", reversedOn: try F.date("2018-10-01"))),
            .adjusted(CommitmentAdjusted(delta: try F.cash("1", "CNY"), amendment: 1)),
            .closed(CommitmentClosed(closedOn: try F.date("2020-01-01"), reason: "r")),
        ]))
        var inKindStream = given.commitmentStream()
        let inKind = try F.fold(projection, try inKindStream.events([
            try given.committed(.inKind(InKindQuantity(5, .gpuHours)), purpose: .computeCredits),
            .disbursementRecorded(DisbursementRecorded(amount: .inKind(InKindQuantity(2, .gpuHours)), valueDate: try F.date("2019-01-01"), reference: "g")),
        ]))

        let keys = try LedgerMigrationColumns.keys(of: [agreement, terminated, cash, inKind])
        var columns = try LedgerMigrationColumns.columns(in: "0006_funding.sql")
        #expect(columns.removeValue(forKey: "funding_documents") == ["stream_id", "doc"])
        #expect(keys == columns)
    }
}
