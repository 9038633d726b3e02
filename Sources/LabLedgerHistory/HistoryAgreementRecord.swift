import LabLedgerDomain

/// An agreement as the story plans it, before and after it is drafted.
struct HistoryAgreement: Sendable {
    enum Purpose: Sendable, Equatable {
        /// A one-year memorandum that precedes the full agreement and then expires.
        case mou
        /// The lab's main joint-lab agreement: operating funds, students, outputs, inventions.
        case jointLab
        /// An accelerator charter: operating funds and the rounds' grants and in-kind benefits.
        case charter
        /// A company sponsors a project for two or three years, sometimes ended early.
        case sponsoredResearch
    }

    struct Party: Sendable {
        let party: Int
        let role: PartyRole
    }

    let lab: Int
    let purpose: Purpose
    let kind: AgreementKind
    let title: String
    let parties: [Party]
    let costShares: [(party: Int, basisPoints: Int)]
    let ipTerms: IPTerms
    /// Explicit term for the seeded agreements; otherwise the term starts on drafting day.
    let termStart: Int?
    let termEnd: Int?
    /// Months of term from drafting day when `termEnd` is not given; nil: open-ended.
    let termMonths: Int?
    /// Every party signs on drafting day, in the same append.
    let signsAtOnce: Bool
    /// The new term end an amendment in the lab's third year sets, so later cohorts fit.
    let extendsTo: Int?
    /// Terminated on this day instead of running to its end.
    var terminatesOn: Int?
    var signed = 0
    var commitments: [Int] = []
    /// The amendment that extends the term, once made; the story extends a term at most once.
    var extended = false
}
