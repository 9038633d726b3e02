import Foundation
import LabLedgerContract
import Yams

extension Resolver.Rule {
    /// YAML 1.2 core schema booleans.
    static let coreBool: Resolver.Rule = {
        do {
            return try Resolver.Rule(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
        } catch {
            // A literal pattern that compiles; reaching this is a defect in the line above.
            preconditionFailure("the YAML 1.2 boolean pattern does not compile: \(error)")
        }
    }()
}

/// The JSON request body schema of every operation of `openapi.yaml`, by operation id, read
/// from the document the binary serves (so the check and the published contract are one).
struct ContractRequestSchemas: Sendable {
    /// An operation that takes a JSON body, as the document declares it.
    struct BodyOperation: Sendable {
        var method: String
        var path: String
        var schema: SchemaTree
        /// The request's documented example (the tests send every one).
        var example: SchemaTree?
    }

    let operations: [String: BodyOperation]
    let check: JSONSchemaCheck
    /// The integer query parameters of each operation, by operation id: the runtime's decoding
    /// error for `?limit=abc` names no parameter, so `ProblemResponse` finds it among these.
    let integerQueryParameters: [String: [String]]
    /// The query parameters with an `enum` of each operation (name → allowed values), by
    /// operation id, for the same reason: `?sort=password` fails to decode naming nothing.
    let enumQueryParameters: [String: [String: [String]]]

    /// The keywords `JSONSchemaCheck` asserts, and those that only annotate.
    static let assertions: Set<String> = [
        "$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "minProperties", "maxProperties",
        "dependentRequired", "items", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "format", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "allOf", "anyOf", "oneOf",
    ]
    static let annotations: Set<String> = ["description", "example", "examples", "title", "default", "deprecated", "readOnly", "writeOnly", "$comment"]

    /// The document as served; loading fails loudly on a schema keyword the check does not know.
    static let served: Result<ContractRequestSchemas, any Error> = Result { try ContractRequestSchemas(yaml: OpenAPIDocument.bytes) }

    init(yaml data: Data) throws {
        guard let text = String(data: data, encoding: .utf8), let document = try Yams.load(yaml: text, Self.yamlCore) as? [String: Any],
            let tree = try SchemaTree(yaml: document)
        else { throw ContractSchemaError("openapi.yaml is not a YAML map of JSON-compatible values") }
        let components = try tree.child("components")?.child("schemas") ?? SchemaTree(yaml: [String: Any]())
        guard let components else { throw ContractSchemaError("openapi.yaml has no components") }
        check = JSONSchemaCheck(components: components)
        var operations: [String: BodyOperation] = [:]
        var integerQueryParameters: [String: [String]] = [:]
        var enumQueryParameters: [String: [String: [String]]] = [:]
        let sharedParameters = tree.child("components")?.child("parameters")
        for path in tree.child("paths")?.keys ?? [] {
            guard let item = tree.child("paths")?.child(path) else { continue }
            for method in item.keys {
                if let operation = item.child(method), let id = operation.string("operationId") {
                    let parameters = (operation.list("parameters") ?? []).compactMap { parameter in
                        parameter.string("$ref").flatMap { sharedParameters?.child(String($0.split(separator: "/").last ?? "")) } ?? parameter
                    }
                    integerQueryParameters[id] = parameters.compactMap { parameter in
                        parameter.string("in") == "query" && parameter.child("schema")?.string("type") == "integer" ? parameter.string("name") : nil
                    }
                    for parameter in parameters where parameter.string("in") == "query" {
                        guard let name = parameter.string("name"), let values = parameter.child("schema")?.strings("enum") else { continue }
                        enumQueryParameters[id, default: [:]][name] = values
                    }
                }
                guard let operation = item.child(method), let id = operation.string("operationId"),
                    let json = operation.child("requestBody")?.child("content")?.child("application/json"), let schema = json.child("schema")
                else { continue }
                operations[id] = BodyOperation(method: method.uppercased(), path: path, schema: schema, example: json.child("example"))
            }
        }
        self.operations = operations
        self.integerQueryParameters = integerQueryParameters
        self.enumQueryParameters = enumQueryParameters
        var visited: Set<String> = []
        for operation in operations.values {
            try Self.requireSupported(operation.schema, at: "request body", components: components, visited: &visited)
        }
    }

    /// YAML 1.2's core schema, which OpenAPI 3.1 documents are written in: only `true`/`false`
    /// are booleans and a date stays a string (YAML 1.1, Yams' default, would read `on`, `no`
    /// and `2024-01-01` as a boolean, a boolean and a timestamp).
    static let yamlCore = Resolver.default.removing(.timestamp).removing(.value)
        .replacing(Resolver.Rule.coreBool)

    /// Every schema a request body reaches uses only keywords the check knows, in the forms it
    /// reads: a new assertion in the contract must be taught to the check before the server
    /// starts with it.
    private static func requireSupported(_ schema: SchemaTree, at location: String, components: SchemaTree, visited: inout Set<String>) throws {
        guard case .map = schema.node else { throw ContractSchemaError("\(location): a schema the check reads is an object") }
        if let reference = schema.string("$ref") {
            // 2020-12 applies keywords beside a `$ref`; the check follows the reference only.
            if let sibling = schema.keys.first(where: { $0 != "$ref" && !annotations.contains($0) }) {
                throw ContractSchemaError("\(location): '\(sibling)' beside a $ref is not checked")
            }
            try requireAcyclic(reference, components: components, at: location)
            let name = JSONSchemaCheck.componentName(reference)
            guard let target = components.child(name) else { throw ContractSchemaError("\(location): \(reference) names no schema") }
            guard visited.insert(name).inserted else { return }
            try requireSupported(target, at: name, components: components, visited: &visited)
        }
        for key in schema.keys where !assertions.contains(key) && !annotations.contains(key) {
            throw ContractSchemaError("\(location): the request check does not know the keyword '\(key)'")
        }
        if let dependents = schema.child("dependentRequired") {
            for name in dependents.keys where dependents.strings(name)?.count != dependents.list(name)?.count || dependents.list(name) == nil {
                throw ContractSchemaError("\(location): dependentRequired/\(name) is a list of field names")
            }
        }
        for key in ["required", "type"] {
            if let items = schema.list(key), items.contains(where: { if case .string = $0.node { false } else { true } }) {
                throw ContractSchemaError("\(location): every item of '\(key)' is a string")
            }
        }
        if let items = schema.child("items") { try requireSupported(items, at: "\(location)/items", components: components, visited: &visited) }
        if let additional = schema.child("additionalProperties"), schema.bool("additionalProperties") == nil {
            try requireSupported(additional, at: "\(location)/additionalProperties", components: components, visited: &visited)
        }
        for name in schema.child("properties")?.keys ?? [] {
            if let property = schema.child("properties")?.child(name) {
                try requireSupported(property, at: "\(location)/\(name)", components: components, visited: &visited)
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for part in schema.list(key) ?? [] { try requireSupported(part, at: "\(location)/\(key)", components: components, visited: &visited) }
        }
    }

    /// A chain of bare references ends in a schema (`JSONSchemaCheck` follows chains in a loop).
    private static func requireAcyclic(_ reference: String, components: SchemaTree, at location: String) throws {
        var seen: Set<String> = []
        var next: String? = reference
        while let current = next {
            guard seen.insert(current).inserted else { throw ContractSchemaError("\(location): \(reference) refers to itself") }
            next = components.child(JSONSchemaCheck.componentName(current))?.string("$ref")
        }
    }

    /// Every way `body` fails the operation's request schema; empty when it conforms or the
    /// operation takes no JSON body.
    func problems(operation: String, body: JSONValue) -> [FieldProblem] {
        guard let schema = operations[operation]?.schema else { return [] }
        return check.problems(body, against: schema).sorted { $0.pointer < $1.pointer }
    }
}

struct ContractSchemaError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
