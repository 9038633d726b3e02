import PostgresNIO

/// A read-model query's rows, read whole before they are decoded. A connection lost halfway
/// through a result is then noticed while the query can still be run again on another server
/// (`ReadSession`), never after some rows were used. Read-model queries are bounded by their
/// page size, so holding the rows costs what decoding them into the answer costs anyway.
/// `decode(_:)` comes from postgres-nio's extension on any sequence of rows.
struct ReadRows: AsyncSequence, Sendable {
    typealias Element = PostgresRow

    let rows: [PostgresRow]

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[PostgresRow]>

        // Throwing, as a streamed result's iterator is, so call sites read the same either way.
        mutating func next() async throws -> PostgresRow? { base.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: rows.makeIterator()) }
}
