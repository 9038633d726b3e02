/// A value carried as one string that can only exist once its parser accepted it. Decoding
/// runs the same parser, so an event store row can never smuggle in an invalid value.
public protocol ValidatedString: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The canonical text, exactly what is written to JSON.
    var rawValue: String { get }
    init(parsing text: String) throws(ValueError)
}

extension ValidatedString {
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

    public var description: String { rawValue }
}
