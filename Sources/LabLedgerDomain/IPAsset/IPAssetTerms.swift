/// An inventor by ORCID iD and their share of the inventorship (shares total 10000 bp).
public struct Inventor: Sendable, Hashable, Codable {
    public let orcid: ORCID
    public let shareBasisPoints: BasisPoints

    public init(orcid: ORCID, shareBasisPoints: BasisPoints) {
        self.orcid = orcid
        self.shareBasisPoints = shareBasisPoints
    }
}

/// A party's share of the ownership of an asset (shares total 10000 bp).
public struct AssetOwner: Sendable, Hashable, Codable {
    public let party: PartyID
    public let shareBasisPoints: BasisPoints

    public init(party: PartyID, shareBasisPoints: BasisPoints) {
        self.party = party
        self.shareBasisPoints = shareBasisPoints
    }
}

/// What a licence leaves to others in its slice (field × territory × time):
/// - `exclusive`: only the licensee may practise it, not even the owners; nobody else is
///   licensed there in any way.
/// - `sole`: the licensee and the owners may practise it, nobody else. An owner needs no
///   licence for its own use, but may record one: a non-exclusive licence to a current owner is
///   the one licence a sole slice admits.
/// - `nonExclusive`: others may be licensed alongside.
public enum Exclusivity: String, Sendable, Hashable, Codable, CaseIterable {
    case exclusive
    case sole
    case nonExclusive = "non_exclusive"

    /// Exclusive and sole licences keep other licensees out of their slice.
    public var reservesSlice: Bool { self != .nonExclusive }
}

/// A running royalty on net sales, with an optional minimum per licence year.
public struct Royalty: Sendable, Hashable, Codable {
    public let rateBasisPoints: BasisPoints
    public let minimumAnnual: Money?

    public init(rateBasisPoints: BasisPoints, minimumAnnual: Money? = nil) {
        self.rateBasisPoints = rateBasisPoints
        self.minimumAnnual = minimumAnnual
    }

    /// The running royalty on `netSales`, rounded down to the minor unit (a report may state
    /// more, e.g. a minimum top-up, never less). Nil when the product overflows.
    public func runningRoyalty(on netSales: Money) -> Money? {
        let (product, overflow) = netSales.minorUnits.multipliedReportingOverflow(by: Int64(rateBasisPoints.rawValue))
        guard !overflow else { return nil }
        return Money(minorUnits: product / Int64(BasisPoints.whole), currency: netSales.currency)
    }
}
