import LabLedgerDomain

/// The lab overview. Advisors are only counted here; who they are is in the advisors and
/// people tables.
struct DirectoryLabRow: Codable, Equatable {
    enum Status: String, Codable { case active, dissolved }

    let stream_id: String
    let lab_id: String
    let name: String
    let founded_on: LocalDate
    let research_areas: [String]
    let status: Status
    let dissolved_on: LocalDate?
    let dissolution_reason: String?
    let founder_ids: [String]
    /// Current members, founders included.
    let member_count: Int
    let advisory_board_size: Int
    /// The profile's three parts, all nil until the lab has a profile.
    let non_profit: Bool?
    let financially_independent: Bool?
    let operating_cost_sharers: [String]?
    let stream_version: Int
    let updated_position: Int64
}

/// One spell of a party's membership (`seq` numbers them in admission order within the lab).
struct DirectoryLabMemberRow: Codable, Equatable {
    let stream_id: String
    let lab_id: String
    let seq: Int
    let party_id: String
    let role: String
    let founder: Bool
    let admitted_on: LocalDate
    let departed_on: LocalDate?
    let departure_reason: String?
    let current: Bool
}

/// An advisory board seat, by the advisor's pseudonymous id only.
struct DirectoryLabAdvisorRow: Codable, Equatable {
    let stream_id: String
    let lab_id: String
    let person_id: String
    let expertise: String
    let appointed_on: LocalDate
}
