import Foundation

/// A schema of the contract as read from `openapi.yaml`: a tree of maps, lists and scalars,
/// with each `pattern` compiled once when the document is loaded.
struct SchemaTree: Sendable {
    indirect enum Node: Sendable {
        case map([String: SchemaTree])
        case list([SchemaTree])
        case string(String)
        case integer(Int)
        case number(Double)
        case bool(Bool)
        case null
    }

    let node: Node
    /// The compiled `pattern` of this schema, if it has one.
    let pattern: SchemaPattern?

    /// Converts what the YAML parser produced; nil for a value no JSON Schema holds.
    init?(yaml: Any) throws {
        switch yaml {
        case let map as [String: Any]:
            var children: [String: SchemaTree] = [:]
            for (key, value) in map {
                guard let child = try SchemaTree(yaml: value) else { return nil }
                children[key] = child
            }
            node = .map(children)
            if case .string(let source)? = children["pattern"]?.node {
                pattern = try SchemaPattern(source)
            } else {
                pattern = nil
            }
            return
        case let list as [Any]:
            var children: [SchemaTree] = []
            for value in list {
                guard let child = try SchemaTree(yaml: value) else { return nil }
                children.append(child)
            }
            node = .list(children)
        case let value as Bool: node = .bool(value)
        case let value as Int: node = .integer(value)
        case let value as Double: node = .number(value)
        case let value as String: node = .string(value)
        case is NSNull: node = .null
        default:
            // A YAML timestamp or binary: an example's value, never a schema keyword's; kept as
            // its text so an example can still be shown.
            node = .string("\(yaml)")
        }
        pattern = nil
    }

    func child(_ key: String) -> SchemaTree? {
        if case .map(let children) = node { children[key] } else { nil }
    }

    var keys: [String] {
        if case .map(let children) = node { Array(children.keys) } else { [] }
    }

    func string(_ key: String) -> String? {
        if case .string(let value)? = child(key)?.node { value } else { nil }
    }

    func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = child(key)?.node { value } else { nil }
    }

    func int(_ key: String) -> Int? {
        if case .integer(let value)? = child(key)?.node { value } else { nil }
    }

    func number(_ key: String) -> Double? {
        switch child(key)?.node {
        case .integer(let value)?: Double(value)
        case .number(let value)?: value
        default: nil
        }
    }

    func list(_ key: String) -> [SchemaTree]? {
        if case .list(let items)? = child(key)?.node { items } else { nil }
    }

    func strings(_ key: String) -> [String]? {
        list(key)?.compactMap { if case .string(let value) = $0.node { value } else { nil } }
    }

    /// The plain values of `enum` or another list of scalars, as the YAML parser read them.
    func values(_ key: String) -> [Any]? {
        list(key)?.compactMap(\.scalar)
    }

    func value(_ key: String) -> Any? {
        child(key)?.scalar
    }

    var scalar: Any? {
        switch node {
        case .string(let value): value
        case .integer(let value): value
        case .number(let value): value
        case .bool(let value): value
        case .null: NSNull()
        case .map, .list: nil
        }
    }

    /// `type` as a set of JSON Schema type names (3.1 allows a list, e.g. `[string, 'null']`).
    var types: Set<String>? {
        if let one = string("type") { return [one] }
        return strings("type").map(Set.init)
    }
}

/// A schema's `pattern`. JSON Schema patterns are ECMA-262 regular expressions, unanchored; the
/// contract's use the subset ICU reads the same way (classes, anchors, repetition).
struct SchemaPattern: Sendable {
    let source: String
    private let expression: NSRegularExpression

    init(_ source: String) throws {
        self.source = source
        expression = try NSRegularExpression(pattern: source)
    }

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
