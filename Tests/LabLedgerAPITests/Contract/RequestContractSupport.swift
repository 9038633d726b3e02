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
