import Synchronization

/// The SQL statements one piece of work sends to read with: every read-model query of the API's
/// handlers (they all run through `ReadSession`) and the console's own per-page queries (the
/// session check, the freshness line) note themselves here. The console counts each page with
/// it (`LabLedger-Queries`), so a page that grew a query per item shows it, in tests and in the
/// bench. Reads of the event store itself (the history and stream pages) are not counted.
package final class QueryCount: Sendable {
    /// The count of the work running now, if something counts it; inherited by child tasks and by
    /// `Task {}` (the replica lease), so a query on any of them is counted where it was asked for.
    @TaskLocal package static var current: QueryCount?

    private let statements = Atomic<Int>(0)

    package init() {}

    package var value: Int { statements.load(ordering: .relaxed) }

    /// One statement sent on behalf of the current work (nothing when nothing counts it).
    package static func note() {
        current?.statements.add(1, ordering: .relaxed)
    }

    /// Runs `body` with a fresh count; returns its result and the statements it sent.
    package static func counting<T>(_ body: () async throws -> T) async rethrows -> (T, queries: Int) {
        let count = QueryCount()
        let result = try await $current.withValue(count) { try await body() }
        return (result, count.value)
    }
}
