import Foundation
import PostgresNIO

extension PostgresEventStore {
    /// Appends `events` to `stream` in one statement and one transaction, if the stream is at
    /// the `expected` version. Appending again events whose ids are already stored with the same
    /// content answers the first append's result and writes nothing.
    @discardableResult
    public func append(to stream: String, expected: ExpectedVersion, _ events: [EventData]) async throws -> AppendResult {
        let batch = try AppendValidation(limits: limits).validate(stream: stream, events: events)
        let maxAttempts = 100
        for _ in 1...maxAttempts {
            let outcome = try await client.withConnection { connection in
                try await self.insert(batch, into: stream, expected: expected, on: connection)
            }
            switch outcome {
            case .appended(let result):
                wakeUps.ring()
                return result
            case .rejected:
                return try await client.withConnection { connection in
                    try await self.explainRejection(of: batch, to: stream, expected: expected, on: connection)
                }
            case .lostRace:
                // A concurrent writer committed the version (or the ids) this statement chose.
                // The next attempt sees its commit and decides again: append, replay or conflict.
                continue
            }
        }
        throw EventStoreError.contentionLimitReached(stream: stream, attempts: maxAttempts)
    }

    /// Appends inside the caller's transaction (for example one that also records an
    /// idempotency key). The caller commits; subscribers learn of it at their next poll, or at
    /// once when the caller calls `notifySubscribers()` after the commit.
    @discardableResult
    public func append(
        to stream: String, expected: ExpectedVersion, _ events: [EventData], on connection: PostgresConnection
    ) async throws -> AppendResult {
        let batch = try AppendValidation(limits: limits).validate(stream: stream, events: events)
        switch try await insert(batch, into: stream, expected: expected, on: connection) {
        case .appended(let result):
            return result
        case .rejected:
            return try await explainRejection(of: batch, to: stream, expected: expected, on: connection)
        case .lostRace:
            // The unique violation aborted the caller's transaction: only a retry of the whole
            // transaction can decide again.
            throw EventStoreError.concurrentAppend(stream: stream)
        }
    }

    /// Wakes every subscriber of this database (coalesced: many calls, few notifications).
    public func notifySubscribers() {
        wakeUps.ring()
    }

    /// The stream's version: the number of events in it, 0 when it has none.
    public func currentVersion(of stream: String) async throws -> Int {
        try await client.withConnection { try await currentVersion(of: stream, on: $0) }
    }

    func currentVersion(of stream: String, on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query(
            "SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = \(stream)", logger: logger)
        for try await version in rows.decode(Int32.self) { return Int(version) }
        return 0
    }

    /// Nothing was inserted: either these events were appended before (answer that), or their
    /// ids are taken by other content, or the stream is not at the expected version.
    private func explainRejection(
        of batch: [ValidatedEvent], to stream: String, expected: ExpectedVersion, on connection: PostgresConnection
    ) async throws -> AppendResult {
        if let replay = try await previousAppend(of: batch, to: stream, on: connection) {
            return replay
        }
        let actual = try await currentVersion(of: stream, on: connection)
        throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: actual)
    }

    private enum InsertOutcome {
        case appended(AppendResult)
        case rejected
        case lostRace
    }

    private func insert(
        _ batch: [ValidatedEvent], into stream: String, expected: ExpectedVersion, on connection: PostgresConnection
    ) async throws -> InsertOutcome {
        let ids = batch.map(\.event.id)
        let types = batch.map(\.event.type)
        let schemaVersions = batch.map { Int32($0.event.schemaVersion) }
        let data = batch.map(\.dataText)
        let metadata = batch.map(\.metadataText)
        let occurredAt = batch.map(\.event.occurredAt)
        let expectedValue = expected.sqlValue
        // Version check and insert are one statement. A concurrent writer that read the same
        // head collides on unique(stream_id, stream_version) and loses. Ids already stored make
        // the statement insert nothing, instead of failing, so that a replay can be answered
        // even inside the caller's transaction.
        let query: PostgresQuery = """
            WITH head AS (
                SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = \(stream)
            )
            INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
            SELECT \(stream), head.version + b.n::int, b.event_id, b.event_type, b.schema_version,
                   b.data::jsonb, b.metadata::jsonb, b.occurred_at
            FROM head,
                 unnest(\(ids)::uuid[], \(types)::text[], \(schemaVersions)::int[], \(data)::text[],
                        \(metadata)::text[], \(occurredAt)::timestamptz[])
                     WITH ORDINALITY AS b(event_id, event_type, schema_version, data, metadata, occurred_at, n)
            WHERE (\(expectedValue)::int < 0 OR head.version = \(expectedValue)::int)
              AND NOT EXISTS (SELECT FROM events e WHERE e.event_id = ANY(\(ids)::uuid[]))
            ORDER BY b.n
            RETURNING global_position, stream_version, transaction_id::text
            """
        var positions: [Int64] = []
        positions.reserveCapacity(batch.count)
        var lastVersion: Int32 = 0
        var transaction: UInt64 = 0
        do {
            let rows = try await connection.query(query, logger: logger)
            for try await (position, version, transactionText) in rows.decode((Int64, Int32, String).self) {
                positions.append(position)
                lastVersion = max(lastVersion, version)
                transaction = UInt64(transactionText) ?? 0
            }
        } catch let error as PSQLError {
            switch error.serverInfo?[.sqlState] {
            case "23505":
                return .lostRace
            case "22P02", "22P05", "22021", "54000":
                // JSON that Foundation accepts but jsonb cannot hold, such as a \u0000 escape.
                throw EventStoreError.payloadRejected(eventID: nil, message: error.serverInfo?[.message] ?? "\(error)")
            default:
                throw error
            }
        }
        guard !positions.isEmpty else { return .rejected }
        return .appended(AppendResult(
            streamVersion: Int(lastVersion), positions: positions, transactionID: transaction, wasAlreadyAppended: false))
    }
}
