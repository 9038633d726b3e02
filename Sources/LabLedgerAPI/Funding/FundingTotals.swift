import LabLedgerContract
import LabLedgerReadModels

/// Sums of `funding_commitments` rows, one per currency or in-kind unit: the totals of an
/// `asOf` answer, computed as the current answer's SQL computes them (count and sums per
/// currency and unit, cash before in kind, each in byte order).
struct FundingTotals {
    private struct Sums {
        var commitments = 0
        var committed: Int64 = 0, disbursed: Int64 = 0, remaining: Int64 = 0, released: Int64 = 0
    }

    private struct Denomination: Hashable {
        var currency: String?
        var unit: String?
    }

    let totals: [Components.Schemas.FundingTotal]

    init(_ rows: [FundingCommitmentRow]) throws {
        var sums: [Denomination: Sums] = [:]
        for row in rows {
            var sum = sums[Denomination(currency: row.currency, unit: row.unit), default: Sums()]
            sum.commitments += 1
            sum.committed = try Self.add(sum.committed, row.committed)
            sum.disbursed = try Self.add(sum.disbursed, row.disbursed)
            sum.remaining = try Self.add(sum.remaining, row.remaining)
            sum.released = try Self.add(sum.released, row.released)
            sums[Denomination(currency: row.currency, unit: row.unit)] = sum
        }
        let ordered = sums.keys.sorted { left, right in
            Self.key(left.currency) == Self.key(right.currency)
                ? Self.key(left.unit).lexicographicallyPrecedes(Self.key(right.unit))
                : Self.key(left.currency).lexicographicallyPrecedes(Self.key(right.currency))
        }
        totals = try ordered.map { key in
            let sum = sums[key] ?? Sums()
            let denomination = try FundingDenomination(currency: key.currency, unit: key.unit)
            return .init(
                currency: denomination.currency, unit: denomination.unit, commitments: sum.commitments,
                committed: denomination.amount(sum.committed), disbursed: denomination.amount(sum.disbursed),
                remaining: denomination.amount(sum.remaining), released: denomination.amount(sum.released))
        }
    }

    /// Bytes in order with NULL last, as `ORDER BY … COLLATE "C" NULLS LAST`.
    private static func key(_ text: String?) -> [UInt16] {
        guard let text else { return [UInt16.max] }
        return text.utf8.map(UInt16.init)
    }

    /// PostgreSQL's `sum(bigint)::bigint` fails past 64 bits rather than wrapping; so does this.
    private static func add(_ left: Int64, _ right: Int64) throws -> Int64 {
        let (sum, overflow) = left.addingReportingOverflow(right)
        if overflow { throw FundingTotalOverflow() }
        return sum
    }
}

private struct FundingTotalOverflow: Error, CustomStringConvertible {
    var description: String { "A funding total does not fit in 64 bits." }
}
