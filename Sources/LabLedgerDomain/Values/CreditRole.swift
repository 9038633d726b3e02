import Foundation

/// The 14 contributor roles of the CRediT taxonomy (ANSI/NISO Z39.104-2022). The raw value is
/// the slug of the role's official URI, https://credit.niso.org/contributor-roles/<slug>/.
public enum CreditRole: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case conceptualization
    case dataCuration = "data-curation"
    case formalAnalysis = "formal-analysis"
    case fundingAcquisition = "funding-acquisition"
    case investigation
    case methodology
    case projectAdministration = "project-administration"
    case resources
    case software
    case supervision
    case validation
    case visualization
    case writingOriginalDraft = "writing-original-draft"
    case writingReviewEditing = "writing-review-editing"

    /// Accepts the kebab slug, the snake_case spelling or the official label
    /// (`Writing – review & editing`), case-insensitively.
    public init(parsing text: String) throws(ValueError) {
        let key = Self.key(text)
        guard let role = Self.allCases.first(where: { Self.key($0.rawValue) == key || Self.key($0.officialName) == key }) else {
            throw ValueError(code: "credit-role.unknown", message: "'\(text)' is not one of the 14 CRediT roles.")
        }
        self = role
    }

    public var officialName: String {
        switch self {
        case .conceptualization: "Conceptualization"
        case .dataCuration: "Data curation"
        case .formalAnalysis: "Formal analysis"
        case .fundingAcquisition: "Funding acquisition"
        case .investigation: "Investigation"
        case .methodology: "Methodology"
        case .projectAdministration: "Project administration"
        case .resources: "Resources"
        case .software: "Software"
        case .supervision: "Supervision"
        case .validation: "Validation"
        case .visualization: "Visualization"
        case .writingOriginalDraft: "Writing – original draft"
        case .writingReviewEditing: "Writing – review & editing"
        }
    }

    public var snakeName: String { rawValue.replacingOccurrences(of: "-", with: "_") }

    public var uri: String { "https://credit.niso.org/contributor-roles/\(rawValue)/" }

    public static func < (lhs: CreditRole, rhs: CreditRole) -> Bool { lhs.rawValue < rhs.rawValue }

    // Folds case, dashes, underscores, spaces, '&' and 'and' so every official spelling meets.
    private static func key(_ text: String) -> String {
        text.lowercased()
            .replacingOccurrences(of: "&", with: "")
            .replacingOccurrences(of: " and ", with: " ")
            .filter { $0.isLetter }
    }
}
