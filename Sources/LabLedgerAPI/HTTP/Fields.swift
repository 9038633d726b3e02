import LabLedgerDomain

/// Turns a request body's strings into domain values, collecting every field's problem rather
/// than stopping at the first, so a 400 lists all of them.
///
///     var fields = Fields()
///     let party = fields.value("/party") { try PartyID(parsing: body.party) }
///     let ror = fields.optional("/ror", body.ror) { try ROR(parsing: $0) }
///     guard fields.ok, let party else { throw fields.failure }
///
/// A value that fails is nil and leaves a problem behind, so checking `ok` before unwrapping
/// tells an invalid optional field from an absent one.
struct Fields {
    private(set) var problems: [FieldProblem] = []

    var ok: Bool { problems.isEmpty && RequestScope.current.schemaProblems.all.isEmpty }
    /// These fields' problems and the contract check's (`RequestScope.schemaProblems`), joined
    /// by `FieldProblem.joined`.
    var failure: Problem {
        .invalid(FieldProblem.joined(domain: problems, schema: RequestScope.current.schemaProblems.all))
    }

    /// `make` throws the domain's `ValueError`s; closures cannot infer a typed throw, so any
    /// other error is reported with its description.
    mutating func value<T>(_ pointer: String, _ make: () throws -> T) -> T? {
        do {
            return try make()
        } catch let error as ValueError {
            problems.append(FieldProblem(pointer: pointer, code: error.code, detail: error.message))
        } catch {
            problems.append(FieldProblem(pointer: pointer, detail: "\(error)"))
        }
        return nil
    }

    /// A problem found by a rule of the handler's own, beside the values' checks.
    mutating func refuse(_ pointer: String, code: String, _ detail: String) {
        problems.append(FieldProblem(pointer: pointer, code: code, detail: detail))
    }

    mutating func optional<T, Raw>(_ pointer: String, _ raw: Raw?, _ make: (Raw) throws -> T) -> T? {
        guard let raw else { return nil }
        return value(pointer) { try make(raw) }
    }

    /// Every item of a list, each at `<pointer>/<index>`; nil when any item failed. A list
    /// longer than the domain's `ListLimit` is refused as a whole, its items unread.
    mutating func list<T, Raw>(
        _ pointer: String, _ raw: [Raw], max limit: ListLimit, _ make: (inout Fields, String, Raw) -> T?
    ) -> [T]? {
        guard value(pointer, { try limit.check(count: raw.count) }) != nil else { return nil }
        var values: [T] = []
        var failed = false
        for (index, item) in raw.enumerated() {
            if let value = make(&self, "\(pointer)/\(index)", item) { values.append(value) } else { failed = true }
        }
        return failed ? nil : values
    }

    /// A list of simple values, each parsed by `make`.
    mutating func values<T, Raw>(_ pointer: String, _ raw: [Raw], max limit: ListLimit, _ make: (Raw) throws -> T) -> [T]? {
        list(pointer, raw, max: limit) { fields, at, item in fields.value(at) { try make(item) } }
    }

    /// Free text of a kind the domain bounds (`TextLimit`), returned as given: a value that is
    /// too long leaves a problem behind, so `ok` is false and the command is never built.
    @discardableResult
    mutating func text(_ pointer: String, _ raw: String, _ limit: TextLimit) -> String {
        _ = value(pointer) { try limit.check(raw) }
        return raw
    }

    @discardableResult
    mutating func text(_ pointer: String, _ raw: String?, _ limit: TextLimit) -> String? {
        guard let raw else { return nil }
        _ = value(pointer) { try limit.check(raw) }
        return raw
    }

    /// A list of free texts of one kind, each bounded by `limit`, the list by `max`.
    mutating func texts(_ pointer: String, _ raw: [String], max: ListLimit, _ limit: TextLimit) -> [String]? {
        values(pointer, raw, max: max) { text throws(ValueError) in
            try limit.check(text)
            return text
        }
    }

    mutating func date(_ pointer: String, _ text: String) -> LocalDate? {
        value(pointer) { try LocalDate(parsing: text) }
    }

    /// A half-open period; no `to` is open-ended.
    mutating func period(_ pointer: String, from: String, to: String?) -> DateRange? {
        let start = date("\(pointer)/from", from)
        let end = optional("\(pointer)/to", to) { try LocalDate(parsing: $0) }
        guard let start, to == nil || end != nil else { return nil }
        return value(pointer) { try DateRange(from: start, to: end) }
    }

    mutating func require(_ condition: Bool, _ pointer: String, code: String, _ detail: String) {
        if !condition { problems.append(FieldProblem(pointer: pointer, code: code, detail: detail)) }
    }

    mutating func fail(_ pointer: String, code: String, _ detail: String) {
        problems.append(FieldProblem(pointer: pointer, code: code, detail: detail))
    }
}

extension FieldProblem {
    /// One finding per problem, the most precise one. The domain's message wins over the
    /// contract check's at its own field, and beneath it where the domain's code names the
    /// inner field (`/person` `person.invalid-email` over `/person/email` "does not match …";
    /// a `/person/name` too long stays beside it). A contract finding that an object or list
    /// has too few members gives way to a finding inside it (`/amount` "at least 2 fields" beside
    /// `/amount/amount` "required with 'currency'"); one that a value fits none of a `oneOf`'s
    /// shapes gives way only to a domain finding inside it; every other finding (a value fitting
    /// several shapes among them) stays. Sorted by pointer.
    static func joined(domain: [FieldProblem], schema: [FieldProblem]) -> [FieldProblem] {
        func isBeneath(_ pointer: String, _ ancestor: String) -> Bool { pointer.hasPrefix(ancestor + "/") }
        func sameProblem(_ finding: FieldProblem, _ judged: FieldProblem) -> Bool {
            if finding.pointer == judged.pointer { return true }
            guard isBeneath(finding.pointer, judged.pointer), let field = finding.pointer.split(separator: "/").last else { return false }
            return judged.code?.contains(String(field).lowercased()) == true
        }
        let kept = schema.filter { finding in !domain.contains { sameProblem(finding, $0) } }
        let all = domain + kept
        let specific = kept.filter { finding in
            // A container's own complaint gives way to a finding inside it that says more: which
            // field is missing. "Fits none of the shapes" gives way only to the handler's
            // finding inside the value, which says why; a contract finding beneath it does not
            // explain the miss, and a value fitting several shapes is never explained by one.
            switch finding.code {
            case "too-few-fields", "too-few-items": return !all.contains { isBeneath($0.pointer, finding.pointer) }
            case "no-alternative-matches": return !domain.contains { isBeneath($0.pointer, finding.pointer) }
            default: return true
            }
        }
        return (domain + specific).sorted { $0.pointer < $1.pointer }
    }
}
