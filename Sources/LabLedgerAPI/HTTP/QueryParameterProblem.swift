import Foundation

/// The runtime decodes a query parameter on its own, so its error for `?limit=abc` or
/// `?sort=password` has an empty coding path and names no parameter; this names it from the
/// request and the contract.
enum QueryParameterProblem {
    /// A 400 naming every query parameter of `operation` whose value in `path`'s query does not
    /// decode: an integer parameter that is no integer, an enum parameter outside its values;
    /// nil when there is none (the decoding error was about something else).
    static func undecodable(operation: String, path: String?) -> Problem? {
        guard let path, let schemas = try? ContractRequestSchemas.served.get(), let items = URLComponents(string: path)?.queryItems
        else { return nil }
        let integers = (schemas.integerQueryParameters[operation] ?? []).compactMap { name -> FieldProblem? in
            guard let value = items.first(where: { $0.name == name })?.value, Int(value) == nil else { return nil }
            return FieldProblem(pointer: "#query/\(name)", code: "wrong-type", detail: "Expected an integer, found '\(value.prefix(60))'.")
        }
        let enums = (schemas.enumQueryParameters[operation] ?? [:]).sorted { $0.key < $1.key }.compactMap { name, values -> FieldProblem? in
            guard let value = items.first(where: { $0.name == name })?.value, !values.contains(value) else { return nil }
            return FieldProblem(
                pointer: "#query/\(name)", code: "invalid-enum",
                detail: "'\(value.prefix(60))' is not allowed; the allowed values are: \(values.joined(separator: ", ")).")
        }
        let bad = integers + enums
        return bad.isEmpty ? nil : .invalid(bad)
    }
}
