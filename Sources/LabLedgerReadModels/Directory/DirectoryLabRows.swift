import LabLedgerDomain

/// The lab overview. Advisors are only counted here; who they are is in the advisors and
/// people tables.
public struct DirectoryLabRow: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable { case active, dissolved }

    public let stream_id: String
    public let lab_id: String
    public let name: String
    public let founded_on: LocalDate
    public let research_areas: [String]
    public let status: Status
    public let dissolved_on: LocalDate?
    public let dissolution_reason: String?
    public let founder_ids: [String]
    /// Current members, founders included.
    public let member_count: Int
    public let advisory_board_size: Int
    /// The profile's three parts, all nil until the lab has a profile.
    public let non_profit: Bool?
    public let financially_independent: Bool?
    public let operating_cost_sharers: [String]?
    public let stream_version: Int
    public let updated_position: Int64
}

/// One spell of a party's membership (`seq` numbers them in admission order within the lab).
public struct DirectoryLabMemberRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let lab_id: String
    public let seq: Int
    public let party_id: String
    public let role: String
    public let founder: Bool
    public let admitted_on: LocalDate
    public let departed_on: LocalDate?
    public let departure_reason: String?
    public let current: Bool
}

/// An advisory board seat, by the advisor's pseudonymous id only.
public struct DirectoryLabAdvisorRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let lab_id: String
    public let person_id: String
    public let expertise: String
    public let appointed_on: LocalDate
}
