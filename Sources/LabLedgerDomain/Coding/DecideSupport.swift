import Foundation

/// Small checks every decider repeats, kept here so each refusal still names its own code.
enum Rule {
    /// Refuses text that is empty once surrounding whitespace is dropped, or longer than its
    /// kind's limit (`<code without -required or -blank>-too-long`). The API checks the limits
    /// first and answers 400; this keeps any other caller from writing an event a read model
    /// could not index.
    static func requireText(_ text: String, _ limit: TextLimit, code: String, _ message: String) throws(DomainError) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DomainError(code: code, message: message)
        }
        do {
            try limit.check(text)
        } catch {
            var base = Substring(code)
            for suffix in ["-required", "-blank"] where base.hasSuffix(suffix) { base = base.dropLast(suffix.count) }
            throw DomainError(code: "\(base)-too-long", message: error.message)
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
