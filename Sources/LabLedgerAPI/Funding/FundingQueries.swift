import Foundation
import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// Balances from the `funding` read model: `funding_commitments` joined with the model's own
/// copy of the agreements (for the lab and for who is a party), plus disbursements and
/// adjustments. A party sees the commitments of the agreements it is a party to.
extension ReadModelQueries {
    static let fundingProjections = ["funding", "directory"]

    /// Whether the lab was ever founded (`directory_labs`).
    func labExists(_ lab: LabID) async throws -> Bool {
        let rows = try await client.query("SELECT 1 FROM directory_labs WHERE lab_id = \(lab.rawValue)", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// The lab's commitments after `after` by commitment id.
    func labCommitments(_ lab: LabID, party: String?, after: String?, limit: Int) async throws -> [Components.Schemas.FundingCommitmentSummary] {
        let rows = try await rowsAsJSON(
            """
            SELECT to_jsonb(c)::text
            FROM funding_commitments c
            JOIN funding_agreements a ON a.agreement_id = c.agreement_id
            WHERE a.lab_id = \(lab.rawValue)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM funding_agreement_parties p WHERE p.agreement_id = c.agreement_id AND p.party_id = \(party)))
              AND (\(after)::text IS NULL OR c.commitment_id > \(after))
            ORDER BY c.commitment_id
            LIMIT \(limit)
            """, as: FundingCommitmentRow.self)
        return try rows.map(Components.Schemas.FundingCommitmentSummary.init)
    }

    /// Every commitment of the lab the party sees, by commitment id (in the database's own
    /// order, which pages use), each marked whether it comes after the cursor `after`: the
    /// commitment streams an `asOf` answer folds. A commitment never leaves its agreement, nor an
    /// agreement its lab, so the lab's commitments then are among those it has now.
    func labCommitmentStreams(_ lab: LabID, party: String?, after: String?) async throws -> [(stream: String, afterCursor: Bool)] {
        let rows = try await client.query(
            """
            SELECT c.stream_id, (\(after)::text IS NULL OR c.commitment_id > \(after))
            FROM funding_commitments c
            JOIN funding_agreements a ON a.agreement_id = c.agreement_id
            WHERE a.lab_id = \(lab.rawValue)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM funding_agreement_parties p WHERE p.agreement_id = c.agreement_id AND p.party_id = \(party)))
            ORDER BY c.commitment_id
            """, logger: logger)
        var streams: [(stream: String, afterCursor: Bool)] = []
        for try await (stream, afterCursor) in rows.decode((String, Bool).self) {
            streams.append((stream, afterCursor))
        }
        return streams
    }

    /// Sums over every commitment of the lab the party sees, one per currency or in-kind unit,
    /// in byte order as `FundingTotals` sorts those of an `asOf` answer.
    func labFundingTotals(_ lab: LabID, party: String?) async throws -> [Components.Schemas.FundingTotal] {
        let rows = try await client.query(
            """
            SELECT c.currency, c.unit, count(*)::int, sum(c.committed)::bigint, sum(c.disbursed)::bigint,
                   sum(c.remaining)::bigint, sum(c.released)::bigint
            FROM funding_commitments c
            JOIN funding_agreements a ON a.agreement_id = c.agreement_id
            WHERE a.lab_id = \(lab.rawValue)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM funding_agreement_parties p WHERE p.agreement_id = c.agreement_id AND p.party_id = \(party)))
            GROUP BY c.currency, c.unit
            ORDER BY c.currency COLLATE "C" NULLS LAST, c.unit COLLATE "C" NULLS LAST
            """, logger: logger)
        var totals: [Components.Schemas.FundingTotal] = []
        for try await (currency, unit, count, committed, disbursed, remaining, released)
            in rows.decode((String?, String?, Int, Int64, Int64, Int64, Int64).self)
        {
            let denomination = try FundingDenomination(currency: currency, unit: unit)
            totals.append(.init(
                currency: denomination.currency, unit: denomination.unit, commitments: count,
                committed: denomination.amount(committed), disbursed: denomination.amount(disbursed),
                remaining: denomination.amount(remaining), released: denomination.amount(released)))
        }
        return totals
    }

    /// One commitment with its disbursements and adjustments; nil when it does not exist or
    /// `party` (when given) is not a party to its agreement.
    func commitment(_ commitment: CommitmentID, visibleTo party: String?) async throws -> Components.Schemas.FundingCommitment? {
        let id = commitment.rawValue
        let found = try await rowsAsJSON(
            """
            SELECT jsonb_build_object(
                'commitment', to_jsonb(c),
                'lab', a.lab_id,
                'disbursements', (SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.recorded_position), '[]'::jsonb)
                                  FROM funding_disbursements d WHERE d.commitment_id = c.commitment_id),
                'adjustments', (SELECT coalesce(jsonb_agg(to_jsonb(j) ORDER BY j.recorded_version), '[]'::jsonb)
                                FROM funding_adjustments j WHERE j.commitment_id = c.commitment_id))::text
            FROM funding_commitments c
            JOIN funding_agreements a ON a.agreement_id = c.agreement_id
            WHERE c.commitment_id = \(id)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM funding_agreement_parties p WHERE p.agreement_id = c.agreement_id AND p.party_id = \(party)))
            """, as: CommitmentWithPayments.self)
        return try found.first.map(Components.Schemas.FundingCommitment.init)
    }
}

/// A `funding_commitments` row with its agreement's lab and its `funding_disbursements` and
/// `funding_adjustments` rows in the order they were recorded, as one query returns them.
struct CommitmentWithPayments: Decodable, Sendable {
    var commitment: FundingCommitmentRow
    var lab: String
    var disbursements: [FundingDisbursementRow]
    var adjustments: [FundingAdjustmentRow]
}

extension Components.Schemas.FundingCommitment {
    init(_ row: CommitmentWithPayments) throws {
        let commitment = row.commitment
        let balances = try FundingBalances(commitment)
        let denomination = balances.denomination
        self.init(
            commitment: commitment.commitment_id, agreement: commitment.agreement_id, lab: row.lab, funder: commitment.funder_id,
            purpose: try ReadModelQueries.enumValue(commitment.purpose), status: try ReadModelQueries.enumValue(commitment.status),
            period: .init(from: commitment.period_from, to: commitment.period_to),
            initiallyCommitted: balances.initiallyCommitted, committed: balances.committed, disbursed: balances.disbursed,
            remaining: balances.remaining, released: balances.released,
            closedOn: commitment.closed_on, closedReason: commitment.closed_reason,
            disbursements: try row.disbursements.map {
                .init(
                    reference: $0.reference, amount: try FundingDenomination(currency: $0.currency, unit: $0.unit).amount($0.amount),
                    valueDate: $0.value_date, reversed: $0.reversed, reversedOn: $0.reversed_on, reversalReason: $0.reversal_reason)
            },
            adjustments: row.adjustments.map { .init(amendment: $0.amendment, delta: denomination.amount($0.delta)) },
            version: commitment.stream_version)
    }
}

extension Components.Schemas.FundingCommitmentSummary {
    /// The stored row and the row of an `asOf` fold alike.
    init(_ row: FundingCommitmentRow) throws {
        let balances = try FundingBalances(row)
        self.init(
            commitment: row.commitment_id, agreement: row.agreement_id, funder: row.funder_id,
            purpose: try ReadModelQueries.enumValue(row.purpose), status: try ReadModelQueries.enumValue(row.status),
            period: .init(from: row.period_from, to: row.period_to),
            initiallyCommitted: balances.initiallyCommitted, committed: balances.committed, disbursed: balances.disbursed,
            remaining: balances.remaining, released: balances.released, closedOn: row.closed_on, version: row.stream_version)
    }
}

/// The balance columns of a `funding_commitments` row as contract amounts.
struct FundingBalances {
    let denomination: FundingDenomination
    let initiallyCommitted, committed, disbursed, remaining, released: Components.Schemas.Amount

    init(_ row: FundingCommitmentRow) throws {
        let denomination = try FundingDenomination(currency: row.currency, unit: row.unit)
        self.denomination = denomination
        initiallyCommitted = denomination.amount(row.initially_committed)
        committed = denomination.amount(row.committed)
        disbursed = denomination.amount(row.disbursed)
        remaining = denomination.amount(row.remaining)
        released = denomination.amount(row.released)
    }
}
