import Foundation

/// A request body as JSON values, keeping what JSON Schema tells apart and Foundation's
/// `JSONSerialization` blurs on Linux: a boolean from a number, an integer from a fraction.
indirect enum JSONValue: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The JSON Schema type names this value is an instance of (an integer is also a number).
    var schemaTypes: Set<String> {
        switch self {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .integer: ["integer", "number"]
        case .number(let value): value.rounded() == value && abs(value) < 9.2e18 ? ["integer", "number"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }

    var numericValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// How a message quotes the value.
    var quoted: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "'\(value.count > 80 ? String(value.prefix(77)) + "..." : value)'"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Equality as JSON Schema's `enum` and `const` judge it, against a value read from YAML.
    func equals(schemaValue: Any) -> Bool {
        switch (self, schemaValue) {
        case (.string(let a), let b as String): a == b
        case (.bool(let a), let b as Bool): a == b
        case (.integer(let a), let b as Int): a == Int64(b)
        case (.number(let a), let b as Double): a == b
        case (.integer(let a), let b as Double): Double(a) == b
        case (.number(let a), let b as Int): a == Double(b)
        case (.null, is NSNull): true
        default: false
        }
    }
}
