import Foundation

/// Small checks every decider repeats, kept here so each refusal still names its own code.
enum Rule {
    /// Refuses text that is empty once surrounding whitespace is dropped.
    static func requireText(_ text: String, code: String, _ message: String) throws(DomainError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DomainError(code: code, message: message)
        }
    }

    static func require(_ condition: Bool, code: String, _ message: @autoclosure () -> String) throws(DomainError) {
        guard condition else { throw DomainError(code: code, message: message()) }
    }

    /// Runs value arithmetic and re-raises its failure under the aggregate's namespace
    /// (`money.overflow` refused by funding becomes `funding.overflow`).
    static func value<T>(_ namespace: String, _ body: () throws(ValueError) -> T) throws(DomainError) -> T {
        do {
            return try body()
        } catch {
            throw DomainError(namespace: namespace, error)
        }
    }

    /// The first element that occurs twice, to name it in a refusal.
    static func firstDuplicate<T: Hashable>(_ items: some Sequence<T>) -> T? {
        var seen = Set<T>()
        for item in items where !seen.insert(item).inserted { return item }
        return nil
    }
}
