/// A value that failed to parse or an operation on values that has no valid result.
/// `code` is `<value>.<reason>` (e.g. `ror.invalid-checksum`, `money.currency-mismatch`).
public struct ValueError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The part of `code` after the value's name, so a decider can re-namespace it.
    public var reason: String {
        guard let dot = code.firstIndex(of: ".") else { return code }
        return String(code[code.index(after: dot)...])
    }

    public var description: String { "\(code): \(message)" }
}
