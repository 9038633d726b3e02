import Foundation
import HTTPTypes

/// What a role may do with one operation: get past authorization (a 2xx, or a domain refusal
/// 422 that only a permitted caller can reach), or be stopped with one exact status.
enum MatrixOutcome: Equatable, CustomStringConvertible, Sendable {
    case allowed
    case unauthenticated  // 401: no key
    case forbidden  // 403: the role may not, or the body names another party as actor
    case notFound  // 404: the party is not a party to it
    case unexpected(Int)

    init(_ status: HTTPResponse.Status) {
        switch status.code {
        case 200..<300, 422: self = .allowed
        case 401: self = .unauthenticated
        case 403: self = .forbidden
        case 404: self = .notFound
        default: self = .unexpected(status.code)
        }
    }

    var description: String {
        switch self {
        case .allowed: "allowed (2xx/422)"
        case .unauthenticated: "401"
        case .forbidden: "403"
        case .notFound: "404"
        case .unexpected(let code): "unexpected \(code)"
        }
    }
}

/// The rules of docs/api.md and each operation's description, as functions of the role.
enum MatrixRule {
    /// Probes and the contract: no key needed.
    static func open(_ role: MatrixRole) -> MatrixOutcome { .allowed }

    /// Commands only the keepers of the ledger (admin, operator) run.
    static func keepers(_ role: MatrixRole) -> MatrixOutcome {
        switch role {
        case .admin, .operator: .allowed
        case .anonymous: .unauthenticated
        default: .forbidden
        }
    }

    /// Commands a university takes: its key as an involved party; an uninvolved university
    /// does not see the stream (404); companies and auditors may not (403).
    static func university(_ role: MatrixRole) -> MatrixOutcome {
        switch role {
        case .universityInvolved: .allowed
        case .universityUninvolved: .notFound
        default: keepers(role)
        }
    }

    static func company(_ role: MatrixRole) -> MatrixOutcome {
        switch role {
        case .companyInvolved: .allowed
        case .companyUninvolved: .notFound
        default: keepers(role)
        }
    }

    /// Commands either side takes as its own party.
    static func eitherParty(_ role: MatrixRole) -> MatrixOutcome {
        switch role {
        case .universityInvolved, .companyInvolved: .allowed
        case .universityUninvolved, .companyUninvolved: .notFound
        default: keepers(role)
        }
    }

    /// A single resource: everyone but an uninvolved party (404) and no key (401).
    static func resource(_ role: MatrixRole) -> MatrixOutcome {
        switch role {
        case .anonymous: .unauthenticated
        case .universityUninvolved, .companyUninvolved: .notFound
        default: .allowed
        }
    }

    /// A list: every key, filtered to what its party is a party to.
    static func list(_ role: MatrixRole) -> MatrixOutcome { role == .anonymous ? .unauthenticated : .allowed }

    /// Erasing a person: admins only.
    static func admins(_ role: MatrixRole) -> MatrixOutcome {
        switch role {
        case .admin: .allowed
        case .anonymous: .unauthenticated
        default: .forbidden
        }
    }

    /// Who read a person's details: admins and auditors.
    static func auditors(_ role: MatrixRole) -> MatrixOutcome {
        switch role {
        case .admin, .auditor: .allowed
        case .anonymous: .unauthenticated
        default: .forbidden
        }
    }

    /// The global and per-stream history: admins, operators and auditors.
    static func history(_ role: MatrixRole) -> MatrixOutcome {
        switch role {
        case .admin, .operator, .auditor: .allowed
        case .anonymous: .unauthenticated
        default: .forbidden
        }
    }
}

/// One operation of the contract: how each role calls it and what it must answer.
struct MatrixRow: Sendable {
    let operationID: String
    let method: HTTPRequest.Method
    /// The spec's path template, checked against the bundled openapi.yaml.
    let template: String
    let path: @Sendable (MatrixRole) -> String
    let body: (@Sendable (MatrixRole) -> String)?
    let expect: @Sendable (MatrixRole) -> MatrixOutcome
    /// For lists: the answer must show rows (for keepers, auditors and involved parties).
    var listsRows = false

    static func get(
        _ id: String, _ template: String, _ path: String, listsRows: Bool = false, _ expect: @escaping @Sendable (MatrixRole) -> MatrixOutcome
    ) -> MatrixRow {
        MatrixRow(operationID: id, method: .get, template: template, path: { _ in path }, body: nil, expect: expect, listsRows: listsRows)
    }

    static func post(
        _ id: String, _ template: String, _ path: String, _ expect: @escaping @Sendable (MatrixRole) -> MatrixOutcome,
        _ body: @escaping @Sendable (MatrixRole) -> String
    ) -> MatrixRow {
        MatrixRow(operationID: id, method: .post, template: template, path: { _ in path }, body: body, expect: expect)
    }
}
