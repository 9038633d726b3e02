import Foundation
import LabLedgerContract
import LabLedgerDomain
import LabLedgerPrivacy

/// Erasure of a person and the log of who read their details (docs/domain.md, "Erasure").
extension APIHandler {
    func erasePerson(_ input: Operations.ErasePerson.Input) async throws -> Operations.ErasePerson.Output {
        let principal = try Access.reader()
        guard principal.role == .admin else { throw Problem.forbidden("Only an admin key may erase a person.") }
        let body: Components.Schemas.ErasePerson
        switch input.body {
        case .json(let json): body = json
        }
        // `Fields` joins the contract check's findings (an unknown field, a reason too long), so
        // nothing is forgotten on a body the contract refuses.
        var fields = Fields()
        let person = fields.value("#path/personId") { try PersonID(parsing: input.path.personId) }
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty || reason.count > PersonErasure.reasonLimit {
            fields.refuse("/reason", code: "invalid-reason", "A reason is 1…\(PersonErasure.reasonLimit) characters.")
        }
        guard fields.ok, let person else { throw fields.failure }
        guard let vault = store.protection as? PersonVault else {
            throw Problem(.serviceUnavailable, code: "no-person-vault", title: "Personal data is not sealed", detail: "This server runs without the person vault.")
        }
        let outcome = try await PersonErasure(store: store, vault: vault, logger: logger)
            .forget(person, reason: reason, actor: principal.actor, today: try PersonErasure.today())
        let day: String
        let again: Bool
        switch outcome.erasure {
        case .unknown: throw Problem.notFound("Person '\(person)'")
        case .erased(let on): (day, again) = (on, false)
        case .alreadyErased(let on): (day, again) = (on, true)
        }
        return .ok(.init(body: .json(.init(person: person.rawValue, erasedOn: day, alreadyErased: again, plaintextEvents: outcome.plaintextEvents))))
    }

    func getPersonAccessLog(_ input: Operations.GetPersonAccessLog.Input) async throws -> Operations.GetPersonAccessLog.Output {
        let principal = try Access.reader()
        guard principal.role == .admin || principal.role == .auditor else {
            throw Problem.forbidden("The access log is for admins and auditors.")
        }
        var errors: [FieldProblem] = []
        let person = Self.personID(input.path.personId, errors: &errors)
        // The runtime decodes any integer: the contract's bounds are checked here (a negative
        // limit reached PostgreSQL as `LIMIT -2` and answered 500).
        let limit = input.query.limit ?? 100
        if let problem = PageSize.problem(limit) { errors.append(problem) }
        let after = input.query.after ?? 0
        if after < 0 {
            errors.append(FieldProblem(pointer: "#query/after", code: "invalid-cursor", detail: "after is an entry id, 0 or more; pass `next` from the previous page."))
        }
        guard errors.isEmpty, let person else { throw Problem.invalid(errors) }
        let entries = try await store.client.withConnection { connection in
            try await PersonalDataAccessLog(logger: logger).entries(of: person.rawValue, after: after, limit: limit, on: connection)
        }
        return .ok(.init(body: .json(.init(
            items: entries.map { .init(id: $0.id, actor: $0.actor, operation: $0.operation, accessedAt: $0.accessedAt) },
            next: entries.count == limit ? entries.last?.id : nil))))
    }

    private static func personID(_ text: String, errors: inout [FieldProblem]) -> PersonID? {
        do {
            return try PersonID(parsing: text)
        } catch {
            errors.append(FieldProblem(pointer: "#path/personId", code: error.code, detail: error.message))
            return nil
        }
    }
}
