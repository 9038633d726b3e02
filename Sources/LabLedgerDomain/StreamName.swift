/// A stream id `<category>-<id>` (e.g. `party-tencent`, `ipasset-<uuid>`). The category holds
/// no '-', so the first '-' always separates it from the id, whatever the id contains.
public struct StreamName: Hashable, Sendable, Codable, CustomStringConvertible {
    public let category: StreamCategory
    public let id: String

    public init(category: StreamCategory, id: String) throws(ValueError) {
        guard !id.isEmpty else {
            throw ValueError(code: "stream-name.empty-id", message: "A stream name needs an id after its category.")
        }
        self.category = category
        self.id = id
    }

    public init<ID: SlugID>(category: StreamCategory, id: ID) {
        self.category = category
        self.id = id.rawValue
    }

    public init(parsing text: String) throws(ValueError) {
        guard let dash = text.firstIndex(of: "-") else {
            throw ValueError(
                code: "stream-name.missing-category",
                message: "A stream name is '<category>-<id>'; '\(text)' has no '-'.")
        }
        let category = try StreamCategory(parsing: String(text[..<dash]))
        try self.init(category: category, id: String(text[text.index(after: dash)...]))
    }

    public var rawValue: String { "\(category.rawValue)-\(id)" }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The category part of a stream name: lower-case letters only.
public struct StreamCategory: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(parsing text: String) throws(ValueError) {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else {
            throw ValueError(
                code: "stream-name.invalid-category",
                message: "A stream category is one or more letters a-z; '\(text)' is not.")
        }
        rawValue = text
    }

    private init(known: String) { rawValue = known }

    public var description: String { rawValue }

    public static let party = StreamCategory(known: "party")
    public static let lab = StreamCategory(known: "lab")
    public static let agreement = StreamCategory(known: "agreement")
    public static let commitment = StreamCategory(known: "commitment")
    public static let placement = StreamCategory(known: "placement")
    public static let output = StreamCategory(known: "output")
    public static let ipAsset = StreamCategory(known: "ipasset")
    public static let round = StreamCategory(known: "round")
}

extension StreamName {
    public static func party(_ id: PartyID) -> StreamName { StreamName(category: .party, id: id) }
    public static func lab(_ id: LabID) -> StreamName { StreamName(category: .lab, id: id) }
    public static func agreement(_ id: AgreementID) -> StreamName { StreamName(category: .agreement, id: id) }
    public static func commitment(_ id: CommitmentID) -> StreamName { StreamName(category: .commitment, id: id) }
    public static func placement(_ id: PlacementID) -> StreamName { StreamName(category: .placement, id: id) }
}

extension StreamName {
    public static func output(_ id: OutputID) -> StreamName { StreamName(category: .output, id: id) }
    public static func ipAsset(_ id: IPAssetID) -> StreamName { StreamName(category: .ipAsset, id: id) }
    public static func round(_ id: RoundID) -> StreamName { StreamName(category: .round, id: id) }
}
