import Foundation
@testable import LabLedgerAPI

/// The served contract's body operations, and JSON built from its examples.
enum RequestContract {
    static func schemas() throws -> ContractRequestSchemas { try ContractRequestSchemas.served.get() }

    /// Every operation that takes a JSON body with its documented example, sorted by id.
    static func examples() throws -> [(id: String, operation: ContractRequestSchemas.BodyOperation, body: [String: JSONValue])] {
        try schemas().operations.sorted { $0.key < $1.key }.map { id, operation in
            guard case .object(let body)? = operation.example?.jsonValue else { throw ContractTestError("\(id) documents no example object") }
            return (id, operation, body)
        }
    }

    /// The operation's path with a value for each parameter that every id grammar accepts and
    /// no stream of an empty ledger has.
    static func path(_ template: String) -> String {
        var path = template
        let values = ["option": "1", "applicationNumber": "CN201910234567.8", "patentNumber": "CN110459208B"]
        while let open = path.firstIndex(of: "{"), let close = path[open...].firstIndex(of: "}") {
            let name = String(path[path.index(after: open)..<close])
            path.replaceSubrange(open...close, with: values[name] ?? "no-such-\(name.lowercased().replacingOccurrences(of: "id", with: ""))")
        }
        return path
    }

    /// The required fields of an operation's body, in the order the schema lists them.
    static func required(_ operation: ContractRequestSchemas.BodyOperation, _ schemas: ContractRequestSchemas) -> [String] {
        schemas.check.resolve(operation.schema).strings("required") ?? []
    }

    /// A field no request schema has, added to every operation's body to be refused. Once
    /// `nonProfit` (issue 15's example), until labs' profiles made it a real field.
    static let unknownField = "notInTheContract"

    /// `body` with three errors: its first required field left out, its second given a value of
    /// a type no property of the contract takes there, and the unknown field `unknownField`; with
    /// the pointers each must be reported at. Nil for a body with fewer than two required fields.
    static func threeErrors(_ body: [String: JSONValue], required: [String]) -> (body: [String: JSONValue], pointers: Set<String>)? {
        guard required.count >= 2 else { return nil }
        var broken = body
        broken[required[0]] = nil
        broken[required[1]] = body[required[1]].map { if case .object = $0 { .integer(7) } else { .object(["x": .integer(7)]) } }
        broken[unknownField] = .bool(true)
        return (broken, ["/\(required[0])", "/\(required[1])", "/\(unknownField)"])
    }

    /// A contract of one operation, `makeThing`, whose body is `schema`, beside `components`.
    static func document(schema: String, components: String) -> Data {
        Data("""
            openapi: 3.1.0
            paths:
              /things:
                post:
                  operationId: makeThing
                  requestBody:
                    content:
                      application/json:
                        schema: \(schema)
            components:
              schemas:
            \(components.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            """.utf8)
    }

    static func text(_ value: JSONValue) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value.foundation, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
    }
}

struct ContractTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension SchemaTree {
    var jsonValue: JSONValue {
        switch node {
        case .map(let members): .object(members.mapValues(\.jsonValue))
        case .list(let items): .array(items.map(\.jsonValue))
        case .string(let value): .string(value)
        case .integer(let value): .integer(Int64(value))
        case .number(let value): .number(value)
        case .bool(let value): .bool(value)
        case .null: .null
        }
    }
}

extension JSONValue {
    var foundation: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): value
        case .integer(let value): value
        case .number(let value): value
        case .string(let value): value
        case .array(let items): items.map(\.foundation)
        case .object(let members): members.mapValues(\.foundation)
        }
    }
}
