import Foundation

/// The runtime decodes a query parameter on its own, so its error for `?limit=abc` has an
/// empty coding path and names no parameter; this names it from the request and the contract.
enum QueryParameterProblem {
    /// A 400 naming every integer query parameter of `operation` whose value in `path`'s query
    /// is not an integer; nil when there is none (the decoding error was about something else).
    static func integers(operation: String, path: String?) -> Problem? {
        guard let path, let schemas = try? ContractRequestSchemas.served.get(),
            let names = schemas.integerQueryParameters[operation], !names.isEmpty,
            let items = URLComponents(string: path)?.queryItems
        else { return nil }
        let bad = names.compactMap { name -> FieldProblem? in
            guard let value = items.first(where: { $0.name == name })?.value, Int(value) == nil else { return nil }
            return FieldProblem(pointer: "#query/\(name)", code: "wrong-type", detail: "Expected an integer, found '\(value.prefix(60))'.")
        }
        return bad.isEmpty ? nil : .invalid(bad)
    }
}
