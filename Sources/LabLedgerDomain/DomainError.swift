/// A refused command. `code` is stable and machine readable (kebab-case, namespaced by the
/// aggregate that refused, e.g. `agreement.cost-shares-must-total-100-percent`); the API turns
/// it into the problem+json `type`, so once published a code is never renamed. `message` is a
/// sentence for people and may change wording freely.
public struct DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// Re-raises a value-level failure (e.g. money overflow) under the refusing aggregate's
    /// namespace, keeping the value's own reason after the namespace.
    public init(namespace: String, _ valueError: ValueError) {
        self.init(code: "\(namespace).\(valueError.reason)", message: valueError.message)
    }

    public var description: String { "\(code): \(message)" }
}
