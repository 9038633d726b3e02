import LabLedgerAPI
import Mustache

/// The API's field-level problems (problem+json `errors`), keyed by the form control they
/// belong beside: `/contributors/0/orcid` → `contributors`, `#query/field` → `field`,
/// `#path/labId` → `lab`.
struct FieldErrors: Sendable, Equatable {
    private(set) var byField: [String: [String]] = [:]
    /// Problems that name no control of the form (shown above it).
    private(set) var general: [String] = []

    init() {}

    init(_ problem: Problem) {
        if problem.errors.isEmpty { general.append(problem.detail) }
        add(problem.errors)
    }

    /// Also the problems the console finds itself (a table's bad `sort`/`dir`).
    mutating func add(_ errors: [FieldProblem]) {
        for error in errors {
            if let field = Self.control(of: error.pointer) {
                byField[field, default: []].append(error.detail)
            } else {
                general.append("\(error.pointer): \(error.detail)")
            }
        }
    }

    /// A refusal that is not a bad request but is about one control (a 403 for the party a
    /// form names), shown beside it like the API's field problems.
    init(field: String, _ detail: String) {
        byField[field] = [detail]
    }

    /// The control a pointer names: its first segment, with the API's `…Id` path names shortened.
    static func control(of pointer: String) -> String? {
        var rest = Substring(pointer)
        for prefix in ["#query/", "#path/", "#header/", "/"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        guard let first = rest.split(separator: "/").first, !first.isEmpty else { return nil }
        let name = String(first)
        return name.hasSuffix("Id") ? String(name.dropLast(2)) : name
    }

    var isEmpty: Bool { byField.isEmpty && general.isEmpty }

    /// Every problem as one line each, for a page that has no control to show them beside.
    var messages: [String] {
        general + byField.keys.sorted().map { "\($0): \(byField[$0, default: []].joined(separator: " "))" }
    }

    /// The text shown beside control `field`, or nil when it has no problem.
    func text(for field: String) -> String? {
        byField[field].map { $0.joined(separator: " ") }
    }
}

/// For templates: `{{#errors.has.output}}` … `{{errors.text.output}}` beside the `output`
/// control, `{{#errors.general}}` above the form, `{{#errors.any}}` for the summary,
/// `{{#errors.fields}}` when some control has a problem.
extension FieldErrors: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": byField.mapValues { $0.joined(separator: " ") }
        case "has": byField.mapValues { !$0.isEmpty }
        case "general": general
        case "any": !isEmpty
        case "fields": !byField.isEmpty
        default: nil
        }
    }
}
