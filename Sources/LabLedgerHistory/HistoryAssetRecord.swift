import LabLedgerDomain

/// An IP asset as the story plans it: its three fields (one per licence slot), how its option
/// ends, its patent applications and its licences.
struct HistoryAsset: Sendable {
    enum OptionEnd: Sendable, Equatable {
        case exercised
        case declined
        case lapsed
    }

    struct Application: Sendable {
        let office: String
        let utilityModel: Bool
        let number: PatentApplicationNumber
        var patent: PatentNumber?
    }

    struct Licence: Sendable {
        let id: LicenceID
        let currency: CurrencyCode
        /// Months per royalty period: 3 (quarterly) or 12 (annual).
        let periodMonths: Int
        var nextPeriodStart: Int
        /// Reports made so far; the licence is terminated after `terminatesAfter` of them.
        var reports = 0
        let terminatesAfter: Int?
        /// Net sales of a period are drawn around this many minor units.
        let salesScale: Int64
        var payments = 0
    }

    let lab: Int
    let agreement: Int
    let fields: [FieldOfUse]
    var optionEnd: OptionEnd?
    var optionHolder: Int?
    var applications: [Application] = []
    var licences: [Licence] = []
    var optionedLicensed = false
    var openLicences = 0
}
