import Foundation
import LabLedgerDomain

/// Checks a JSON value against a schema of the contract and lists every way it fails, each at
/// its JSON pointer, so one 400 can name every bad field at once (the generated decoder stops
/// at the first). It knows the JSON Schema 2020-12 keywords `openapi.yaml` uses for request
/// bodies — `$ref` (local), `type`, `enum`, `const`, `properties`, `required`,
/// `additionalProperties`, `minProperties`, `maxProperties`, `dependentRequired`, `items`, `minItems`, `maxItems`,
/// `uniqueItems`, `minLength`, `maxLength`, `pattern`, `format: date`, `minimum`, `maximum`,
/// `exclusiveMinimum`, `exclusiveMaximum`, `allOf`, `anyOf`, `oneOf` — and refuses to start on
/// a schema with any other keyword (`ContractRequestSchemas.requireSupported`), so the contract
/// cannot grow a rule this check silently skips.
struct JSONSchemaCheck: Sendable {
    /// `components/schemas` of the document, for `$ref`.
    let components: SchemaTree

    func problems(_ value: JSONValue, against schema: SchemaTree, at pointer: String = "") -> [FieldProblem] {
        var found: [FieldProblem] = []
        check(value, schema, pointer, &found)
        return found
    }

    /// The schema a chain of `$ref`s ends in.
    func resolve(_ schema: SchemaTree) -> SchemaTree {
        var schema = schema
        // A chain of references ends: `ContractRequestSchemas.requireAcyclic` refuses a cycle of
        // bare references when the document is loaded, so this loop terminates.
        while let reference = schema.string("$ref"), let target = components.child(Self.componentName(reference)) {
            schema = target
        }
        return schema
    }

    static func componentName(_ reference: String) -> String {
        String(reference.dropFirst("#/components/schemas/".count))
    }

    private func check(_ value: JSONValue, _ rawSchema: SchemaTree, _ pointer: String, _ found: inout [FieldProblem]) {
        let schema = resolve(rawSchema)
        if let all = schema.list("allOf") {
            for part in all { check(value, part, pointer, &found) }
        }
        if let any = schema.list("anyOf"), !any.contains(where: { problems(value, against: $0, at: pointer).isEmpty }) {
            found.append(FieldProblem(pointer: pointer, code: "no-alternative-matches", detail: "Matches none of the \(any.count) allowed shapes\(alternatives(any))."))
        }
        if let one = schema.list("oneOf") {
            let findings = one.map { problems(value, against: $0, at: pointer) }
            let matching = findings.filter(\.isEmpty).count
            if matching > 1 {
                found.append(FieldProblem(
                    pointer: pointer, code: "ambiguous-alternatives",
                    detail: "Matches \(matching) of the allowed shapes; it must match exactly one\(alternatives(one))."))
            } else if matching == 0 {
                // "Fits none of the shapes" names no field; when one shape is plainly the one
                // meant, its own findings do (`/quantity/unit` not a unit, with the units).
                if let meant = Self.meantAlternative(value, one.map(resolve), findings) {
                    found.append(contentsOf: findings[meant])
                } else {
                    found.append(FieldProblem(
                        pointer: pointer, code: "no-alternative-matches",
                        detail: "Matches none of the \(one.count) allowed shapes\(alternatives(one))."))
                }
            }
        }
        if let types = schema.types, types.isDisjoint(with: value.schemaTypes) {
            found.append(FieldProblem(
                pointer: pointer, code: "wrong-type", detail: "Expected \(Self.describe(types)), found \(value.quoted)."))
            return
        }
        if let allowed = schema.values("enum"), !allowed.contains(where: value.equals(schemaValue:)) {
            found.append(FieldProblem(
                pointer: pointer, code: "invalid-enum",
                detail: "\(value.quoted) is not allowed; the allowed values are: \(allowed.map { "\($0)" }.joined(separator: ", "))."))
        }
        if let constant = schema.value("const"), !value.equals(schemaValue: constant) {
            found.append(FieldProblem(pointer: pointer, code: "invalid-value", detail: "The only allowed value is \(constant)."))
        }
        switch value {
        case .object(let members): checkObject(members, schema, pointer, &found)
        case .array(let items): checkArray(items, schema, pointer, &found)
        case .string(let text): checkString(text, schema, pointer, &found)
        case .integer, .number: checkNumber(value, schema, pointer, &found)
        case .null, .bool: break
        }
    }

    /// The alternative a value that fits none was meant for: the only one whose properties
    /// name every field of the object, else the one with strictly the fewest findings. `nil`
    /// when no alternative stands out, and the value is then said to fit none.
    static func meantAlternative(_ value: JSONValue, _ schemas: [SchemaTree], _ findings: [[FieldProblem]]) -> Int? {
        if case .object(let members) = value {
            let covering = schemas.indices.filter { index in
                let names = Set(schemas[index].child("properties")?.keys ?? [])
                return !members.isEmpty && members.keys.allSatisfy(names.contains)
            }
            if covering.count == 1 { return covering[0] }
        }
        guard let fewest = findings.map(\.count).min(), findings.filter({ $0.count == fewest }).count == 1 else { return nil }
        return findings.firstIndex { $0.count == fewest }
    }

    private func alternatives(_ schemas: [SchemaTree]) -> String {
        let names = schemas.compactMap { $0.string("$ref").map(Self.componentName) ?? $0.string("title") }
        return names.count == schemas.count ? " (\(names.joined(separator: ", ")))" : ""
    }

    private func checkObject(_ members: [String: JSONValue], _ schema: SchemaTree, _ pointer: String, _ found: inout [FieldProblem]) {
        let properties = schema.child("properties")
        for name in schema.strings("required") ?? [] where members[name] == nil {
            found.append(FieldProblem(pointer: pointer + "/" + Self.escape(name), code: "missing-field", detail: "This field is required."))
        }
        for name in members.keys.sorted() {
            let member = members[name] ?? .null
            let path = pointer + "/" + Self.escape(name)
            if let property = properties?.child(name) {
                check(member, property, path, &found)
            } else if schema.bool("additionalProperties") == false {
                let known = (properties?.keys ?? []).sorted().joined(separator: ", ")
                found.append(FieldProblem(
                    pointer: path, code: "unknown-field",
                    detail: known.isEmpty ? "This object takes no fields." : "This field is not part of the request; the fields here are: \(known)."))
            } else if let additional = schema.child("additionalProperties") {
                check(member, additional, path, &found)
            }
        }
        // A field that comes with its partners (`currency` with `amount`): each missing partner
        // is named, so a half pair says which half is missing.
        if let dependents = schema.child("dependentRequired") {
            for name in dependents.keys.sorted() where members[name] != nil {
                for partner in dependents.strings(name) ?? [] where members[partner] == nil {
                    found.append(FieldProblem(
                        pointer: pointer + "/" + Self.escape(partner), code: "missing-field",
                        detail: "This field is required with '\(name)'."))
                }
            }
        }
        if let minimum = schema.int("minProperties"), members.count < minimum {
            found.append(FieldProblem(pointer: pointer, code: "too-few-fields", detail: "At least \(minimum) fields are required."))
        }
        if let maximum = schema.int("maxProperties"), members.count > maximum {
            found.append(FieldProblem(pointer: pointer, code: "too-many-fields", detail: "At most \(maximum) fields are allowed."))
        }
    }

    private func checkArray(_ items: [JSONValue], _ schema: SchemaTree, _ pointer: String, _ found: inout [FieldProblem]) {
        if let minimum = schema.int("minItems"), items.count < minimum {
            found.append(FieldProblem(pointer: pointer, code: "too-few-items", detail: "At least \(minimum) items are required; found \(items.count)."))
        }
        if let maximum = schema.int("maxItems"), items.count > maximum {
            found.append(FieldProblem(pointer: pointer, code: "too-many-items", detail: "At most \(maximum) items are allowed; found \(items.count)."))
        }
        if schema.bool("uniqueItems") == true {
            for (index, item) in items.enumerated() where items[..<index].contains(item) {
                found.append(FieldProblem(pointer: "\(pointer)/\(index)", code: "duplicate-item", detail: "\(item.quoted) appears earlier in the list."))
            }
        }
        if let itemSchema = schema.child("items") {
            for (index, item) in items.enumerated() { check(item, itemSchema, "\(pointer)/\(index)", &found) }
        }
    }

    private func checkString(_ text: String, _ schema: SchemaTree, _ pointer: String, _ found: inout [FieldProblem]) {
        // JSON Schema counts characters as code points.
        let length = text.unicodeScalars.count
        if let minimum = schema.int("minLength"), length < minimum {
            found.append(FieldProblem(pointer: pointer, code: "too-short", detail: "At least \(minimum) characters; found \(length)."))
        }
        if let maximum = schema.int("maxLength"), length > maximum {
            found.append(FieldProblem(pointer: pointer, code: "too-long", detail: "At most \(maximum) characters; found \(length)."))
        }
        if let pattern = schema.string("pattern"), let expression = schema.pattern, !expression.matches(text) {
            let rule = schema.string("description").map { " (\($0.trimmingCharacters(in: .whitespacesAndNewlines)))" } ?? ""
            found.append(FieldProblem(pointer: pointer, code: "invalid-format", detail: "\(JSONValue.string(text).quoted) does not match \(pattern)\(rule)."))
        }
        if schema.string("format") == "date", !Self.isCalendarDate(text) {
            found.append(FieldProblem(pointer: pointer, code: "invalid-date", detail: "\(JSONValue.string(text).quoted) is not a calendar date (YYYY-MM-DD)."))
        }
    }

    private func checkNumber(_ value: JSONValue, _ schema: SchemaTree, _ pointer: String, _ found: inout [FieldProblem]) {
        guard let number = value.numericValue else { return }
        if let minimum = schema.number("minimum"), number < minimum {
            found.append(FieldProblem(pointer: pointer, code: "too-small", detail: "At least \(Self.format(minimum)); found \(value.quoted)."))
        }
        if let maximum = schema.number("maximum"), number > maximum {
            found.append(FieldProblem(pointer: pointer, code: "too-large", detail: "At most \(Self.format(maximum)); found \(value.quoted)."))
        }
        if let bound = schema.number("exclusiveMinimum"), number <= bound {
            found.append(FieldProblem(pointer: pointer, code: "too-small", detail: "More than \(Self.format(bound)); found \(value.quoted)."))
        }
        if let bound = schema.number("exclusiveMaximum"), number >= bound {
            found.append(FieldProblem(pointer: pointer, code: "too-large", detail: "Less than \(Self.format(bound)); found \(value.quoted)."))
        }
    }

    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// A member name as a JSON pointer token (RFC 6901). Names rarely hold `~` or `/`, and
    /// Foundation's `replacingOccurrences` cost about 9,000 instructions a call even when there is
    /// nothing to replace: two per field of every command body (bench/README.md, "Per-request
    /// work in the server").
    static func escape(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return name }
        return name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    private static func describe(_ types: Set<String>) -> String {
        types.sorted().map { IndefiniteArticle.before($0) }.joined(separator: " or ")
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
