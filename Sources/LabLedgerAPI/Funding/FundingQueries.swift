import LabLedgerContract
import LabLedgerDomain
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
        let rows = try await client.query(
            """
            SELECT c.commitment_id, c.agreement_id, c.funder_id, c.purpose, c.status, c.period_from::text AS period_from,
                   c.period_to::text AS period_to, c.currency, c.unit, c.initially_committed, c.committed, c.disbursed,
                   c.remaining, c.released, c.closed_on::text AS closed_on, c.stream_version
            FROM funding_commitments c
            JOIN funding_agreements a ON a.agreement_id = c.agreement_id
            WHERE a.lab_id = \(lab.rawValue)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM funding_agreement_parties p WHERE p.agreement_id = c.agreement_id AND p.party_id = \(party)))
              AND (\(after)::text IS NULL OR c.commitment_id > \(after))
            ORDER BY c.commitment_id
            LIMIT \(limit)
            """, logger: logger)
        var items: [Components.Schemas.FundingCommitmentSummary] = []
        for try await row in rows {
            let row = row.makeRandomAccess()
            let balances = try FundingBalances(row)
            items.append(.init(
                commitment: try row["commitment_id"].decode(String.self),
                agreement: try row["agreement_id"].decode(String.self),
                funder: try row["funder_id"].decode(String.self),
                purpose: try Self.enumValue(row["purpose"].decode(String.self)),
                status: try Self.enumValue(row["status"].decode(String.self)),
                period: try Self.period(row),
                initiallyCommitted: balances.initiallyCommitted, committed: balances.committed, disbursed: balances.disbursed,
                remaining: balances.remaining, released: balances.released,
                closedOn: try row["closed_on"].decode(String?.self),
                version: try row["stream_version"].decode(Int.self)))
        }
        return items
    }

    /// Sums over every commitment of the lab the party sees, one per currency or in-kind unit.
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
            ORDER BY c.currency NULLS LAST, c.unit NULLS LAST
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
        let rows = try await client.query(
            """
            SELECT c.commitment_id, c.agreement_id, a.lab_id, c.funder_id, c.purpose, c.status, c.period_from::text AS period_from,
                   c.period_to::text AS period_to, c.currency, c.unit, c.initially_committed, c.committed, c.disbursed,
                   c.remaining, c.released, c.closed_on::text AS closed_on, c.closed_reason, c.stream_version
            FROM funding_commitments c
            JOIN funding_agreements a ON a.agreement_id = c.agreement_id
            WHERE c.commitment_id = \(id)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM funding_agreement_parties p WHERE p.agreement_id = c.agreement_id AND p.party_id = \(party)))
            """, logger: logger)
        var found: (Components.Schemas.FundingCommitment, FundingDenomination)?
        for try await row in rows {
            let row = row.makeRandomAccess()
            let balances = try FundingBalances(row)
            found = (.init(
                commitment: try row["commitment_id"].decode(String.self),
                agreement: try row["agreement_id"].decode(String.self),
                lab: try row["lab_id"].decode(String.self),
                funder: try row["funder_id"].decode(String.self),
                purpose: try Self.enumValue(row["purpose"].decode(String.self)),
                status: try Self.enumValue(row["status"].decode(String.self)),
                period: try Self.period(row),
                initiallyCommitted: balances.initiallyCommitted, committed: balances.committed, disbursed: balances.disbursed,
                remaining: balances.remaining, released: balances.released,
                closedOn: try row["closed_on"].decode(String?.self),
                closedReason: try row["closed_reason"].decode(String?.self),
                disbursements: [], adjustments: [],
                version: try row["stream_version"].decode(Int.self)), balances.denomination)
        }
        guard let (commitment, denomination) = found else { return nil }
        var result = commitment
        result.disbursements = try await disbursements(id)
        result.adjustments = try await adjustments(id, denomination)
        return result
    }

    private func disbursements(_ commitment: String) async throws -> [Components.Schemas.FundingDisbursement] {
        let rows = try await client.query(
            """
            SELECT reference, currency, unit, amount, value_date::text, reversed, reversed_on::text, reversal_reason
            FROM funding_disbursements
            WHERE commitment_id = \(commitment)
            ORDER BY recorded_position
            """, logger: logger)
        var result: [Components.Schemas.FundingDisbursement] = []
        for try await (reference, currency, unit, amount, valueDate, reversed, reversedOn, reason)
            in rows.decode((String, String?, String?, Int64, String, Bool, String?, String?).self)
        {
            result.append(.init(
                reference: reference, amount: try FundingDenomination(currency: currency, unit: unit).amount(amount),
                valueDate: valueDate, reversed: reversed, reversedOn: reversedOn, reversalReason: reason))
        }
        return result
    }

    private func adjustments(_ commitment: String, _ denomination: FundingDenomination) async throws -> [Components.Schemas.FundingAdjustment] {
        let rows = try await client.query(
            "SELECT amendment, delta FROM funding_adjustments WHERE commitment_id = \(commitment) ORDER BY recorded_version",
            logger: logger)
        var result: [Components.Schemas.FundingAdjustment] = []
        for try await (amendment, delta) in rows.decode((Int, Int64).self) {
            result.append(.init(amendment: amendment, delta: denomination.amount(delta)))
        }
        return result
    }

    private static func period(_ row: PostgresRandomAccessRow) throws -> Components.Schemas.Period {
        .init(from: try row["period_from"].decode(String.self), to: try row["period_to"].decode(String?.self))
    }
}

/// The balance columns of a `funding_commitments` row as contract amounts.
private struct FundingBalances {
    let denomination: FundingDenomination
    let initiallyCommitted, committed, disbursed, remaining, released: Components.Schemas.Amount

    init(_ row: PostgresRandomAccessRow) throws {
        let denomination = try FundingDenomination(
            currency: try row["currency"].decode(String?.self), unit: try row["unit"].decode(String?.self))
        self.denomination = denomination
        initiallyCommitted = denomination.amount(try row["initially_committed"].decode(Int64.self))
        committed = denomination.amount(try row["committed"].decode(Int64.self))
        disbursed = denomination.amount(try row["disbursed"].decode(Int64.self))
        remaining = denomination.amount(try row["remaining"].decode(Int64.self))
        released = denomination.amount(try row["released"].decode(Int64.self))
    }
}
