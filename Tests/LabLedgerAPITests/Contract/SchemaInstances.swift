import Foundation
@testable import LabLedgerAPI

/// Bodies built from a request schema alone, the way a client generated from `openapi.yaml`
/// would build them: `.fewest` fills only what the schema requires, `.most` every property it
/// allows. Strings follow their `enum`, `format` or `pattern`; a pattern is met by the
/// property's own `example` (which must match it) or, for the slug grammar, by a slug. A
/// schema this cannot satisfy is an error naming the place, never a guess.
struct SchemaInstances {
    enum Variant: String, CaseIterable, Sendable { case fewest, most }

    let check: JSONSchemaCheck
    let variant: Variant
    /// Makes every generated slug and string distinct, so `uniqueItems` holds.
    private var counter = 0

    init(check: JSONSchemaCheck, variant: Variant) {
        self.check = check
        self.variant = variant
    }

    static let slugPattern = "^[a-z0-9][a-z0-9-]{1,62}$"

    mutating func instance(of raw: SchemaTree, at location: String) throws -> JSONValue {
        let schema = check.resolve(raw)
        if let value = schema.values("enum")?.first { return try Self.json(value, at: location) }
        if let value = schema.value("const") { return try Self.json(value, at: location) }
        if let parts = schema.list("allOf") {
            var merged: [String: JSONValue] = [:]
            for (index, part) in parts.enumerated() {
                guard case .object(let members) = try instance(of: part, at: "\(location)/allOf/\(index)") else {
                    throw ContractTestError("\(location): allOf of a non-object")
                }
                merged.merge(members) { first, _ in first }
            }
            return .object(merged)
        }
        for keyword in ["oneOf", "anyOf"] {
            if let branches = schema.list(keyword), !branches.isEmpty {
                let index = variant == .fewest ? 0 : branches.count - 1
                return try instance(of: branches[index], at: "\(location)/\(keyword)/\(index)")
            }
        }
        let types = schema.strings("type") ?? schema.string("type").map { [$0] } ?? []
        let type = types.first { $0 != "null" } ?? (schema.child("properties") != nil ? "object" : "")
        switch type {
        case "object": return try object(schema, at: location)
        case "array": return try array(schema, at: location)
        case "string": return try string(schema, at: location)
        case "integer": return .integer(Int64(Self.number(schema)))
        case "number": return .number(Self.number(schema))
        case "boolean": return .bool(variant == .most)
        default: throw ContractTestError("\(location): no type to generate from")
        }
    }

    private mutating func object(_ schema: SchemaTree, at location: String) throws -> JSONValue {
        let properties = schema.child("properties")
        let names = (properties?.keys ?? []).sorted()
        let required = schema.strings("required") ?? []
        let dependents = schema.child("dependentRequired")
        // What a property brings with it: the properties `dependentRequired` ties to it.
        func group(_ name: String) -> [String] {
            var members = [name]
            var index = 0
            while index < members.count {
                for other in dependents?.strings(members[index]) ?? [] where !members.contains(other) { members.append(other) }
                index += 1
            }
            return members
        }
        var chosen = required.flatMap(group)
        let most = schema.int("maxProperties") ?? Int.max
        let least = schema.int("minProperties") ?? 0
        let optional = variant == .most ? names.reversed() : names
        for name in optional where !chosen.contains(name) {
            let members = group(name).filter { !chosen.contains($0) }
            let wanted = variant == .most || chosen.count < least
            if wanted, chosen.count + members.count <= most { chosen += members }
        }
        var members: [String: JSONValue] = [:]
        // Generated in name order whatever the variant, so `from` is before `to` in a period.
        for name in Set(chosen).sorted() {
            guard let property = properties?.child(name) else { throw ContractTestError("\(location)/\(name): required but not a property") }
            members[name] = try instance(of: property, at: "\(location)/\(name)")
        }
        return .object(members)
    }

    private mutating func array(_ schema: SchemaTree, at location: String) throws -> JSONValue {
        guard let items = schema.child("items") else { throw ContractTestError("\(location): an array without items") }
        let least = schema.int("minItems") ?? 0
        let count = variant == .most ? max(least, min(2, schema.int("maxItems") ?? 2)) : least
        var generated: [JSONValue] = []
        for index in 0..<count {
            let item = try instance(of: items, at: "\(location)/\(index)")
            // An example-based string repeats; `uniqueItems` keeps one of each.
            if schema.bool("uniqueItems") == true, generated.contains(item), generated.count >= least { continue }
            generated.append(item)
        }
        return .array(generated)
    }

    private mutating func string(_ schema: SchemaTree, at location: String) throws -> JSONValue {
        counter += 1
        switch schema.string("format") {
        case "date": return .string(String(format: "2026-01-%02d", 1 + counter % 28))
        case "date-time": return .string(String(format: "2026-01-%02dT10:00:00Z", 1 + counter % 28))
        case "uuid": return .string(UUID().uuidString.lowercased())
        default: break
        }
        if let pattern = schema.string("pattern") {
            if let example = schema.string("example"), schema.pattern?.matches(example) == true { return .string(example) }
            if pattern == Self.slugPattern { return .string("gen-\(counter)") }
            throw ContractTestError("\(location): no example that matches the pattern \(pattern)")
        }
        let least = schema.int("minLength") ?? 1
        let most = schema.int("maxLength") ?? 40
        var text = "Generated text \(counter)"
        while text.count < least { text += " more" }
        return .string(String(text.prefix(most)))
    }

    private static func number(_ schema: SchemaTree) -> Double {
        if let minimum = schema.number("minimum") { return max(minimum, min(1, schema.number("maximum") ?? 1)) }
        if let minimum = schema.number("exclusiveMinimum") { return minimum + 1 }
        return min(1, schema.number("maximum") ?? 1)
    }

    private static func json(_ value: Any, at location: String) throws -> JSONValue {
        switch value {
        case let text as String: .string(text)
        case let flag as Bool: .bool(flag)
        case let number as Int: .integer(Int64(number))
        case let number as Double: .number(number)
        default: throw ContractTestError("\(location): an enum or const value that is not a scalar")
        }
    }
}
