import EventStore
import Logging
import PostgresNIO

/// The SQL of a projection's bookkeeping rows (`projections`, `dead_letters`), on the worker's
/// connection. Every checkpoint move is a compare-and-set on the previous checkpoint: even if
/// two workers ever believed they held the projection, only one could move it.
struct ProjectionBook {
    let name: String
    let connection: PostgresConnection
    let logger: Logger

    /// Classid of the projections' advisory locks ("LL"); the objid is `hashtext(name)`.
    static let lockClass: Int32 = 0x4C4C

    struct LostOwnership: Error, CustomStringConvertible {
        let name: String
        var description: String { "projection \(name) was moved by another worker; giving it up" }
    }

    /// A connection the server closed while it sat idle can leave the next query waiting for
    /// an answer that never comes; a closed connection is therefore checked before each page.
    struct ConnectionClosed: Error, CustomStringConvertible {
        var description: String { "the worker's connection was closed" }
    }

    func ensureOpen() throws {
        if connection.isClosed { throw ConnectionClosed() }
    }

    func tryLock() async throws -> Bool {
        try ensureOpen()
        var locked = false
        for try await value in try await connection.query(
            "SELECT pg_try_advisory_lock(\(Self.lockClass), hashtext(\(name)))", logger: logger
        ).decode(Bool.self) { locked = value }
        return locked
    }

    /// Creates the row of a projection seen for the first time: version `version`, at the start.
    func register(version: Int, eventTypes: [String], worker: String) async throws {
        try await connection.query("""
            INSERT INTO projections (name, version, lock_key, event_types, worker)
            VALUES (\(name), \(Int32(version)), hashtext(\(name)), \(eventTypes), \(worker))
            ON CONFLICT (name) DO UPDATE SET event_types = excluded.event_types, worker = excluded.worker, updated_at = now()
            """, logger: logger)
    }

    func registeredTables() async throws -> [String] {
        var tables: [String] = []
        for try await table in try await connection.query(
            "SELECT table_name FROM projection_tables WHERE projection = \(name) ORDER BY table_name", logger: logger
        ).decode(String.self) { tables.append(table) }
        return tables
    }

    func load() async throws -> ProjectionRow {
        let rows = try await connection.query("""
            SELECT version, checkpoint_transaction::text, checkpoint_position, events_applied, generation,
                   rebuild_requested_at IS NOT NULL, rebuild_version, rebuild_generation,
                   rebuild_checkpoint_transaction::text, rebuild_checkpoint_position, coalesce(rebuild_events_applied, 0)
            FROM projections WHERE name = \(name)
            """, logger: logger)
        for try await (version, transaction, position, applied, generation, requested, rebuildVersion, rebuildGeneration, rebuildTransaction, rebuildPosition, rebuildApplied)
            in rows.decode((Int32, String, Int64, Int64, Int32, Bool, Int32?, Int32?, String?, Int64?, Int64).self)
        {
            var rebuildCheckpoint: Checkpoint?
            if let rebuildTransaction, let rebuildPosition, let id = UInt64(rebuildTransaction) {
                rebuildCheckpoint = Checkpoint(transactionID: id, position: rebuildPosition)
            }
            return ProjectionRow(
                version: Int(version), checkpoint: Checkpoint(transactionID: UInt64(transaction) ?? 0, position: position),
                eventsApplied: applied, generation: Int(generation), rebuildRequested: requested,
                rebuildVersion: rebuildVersion.map(Int.init), rebuildGeneration: rebuildGeneration.map(Int.init),
                rebuildCheckpoint: rebuildCheckpoint, rebuildEventsApplied: rebuildApplied)
        }
        throw LostOwnership(name: name)
    }

    func begin() async throws { try await connection.query("BEGIN", logger: logger) }
    func commit() async throws { try await connection.query("COMMIT", logger: logger) }
    func rollback() async { _ = try? await connection.query("ROLLBACK", logger: logger) }

    /// Runs `body` in one transaction; rolls back if it throws. After a connection failure the
    /// server has already rolled back, and a ROLLBACK sent into a dying connection can wait for
    /// an answer that never comes, so none is sent.
    func transaction<T>(_ body: () async throws -> T) async throws -> T {
        try await begin()
        do {
            let result = try await body()
            try await commit()
            return result
        } catch {
            if !PostgresEventStore.isConnectionFailure(error), !connection.isClosed {
                await rollback()
            }
            throw error
        }
    }

    func moveLive(from old: Checkpoint, to new: Checkpoint, applied: Int, state: ProjectionState) async throws {
        let rows = try await connection.query("""
            UPDATE projections SET checkpoint_transaction = \(String(new.transactionID))::xid8, checkpoint_position = \(new.position),
                   events_applied = events_applied + \(Int64(applied)), state = \(state.rawValue), updated_at = now()
            WHERE name = \(name) AND checkpoint_transaction = \(String(old.transactionID))::xid8 AND checkpoint_position = \(old.position)
            RETURNING 1
            """, logger: logger)
        try await Self.expectOne(rows, name: name)
    }

    /// Announces a live checkpoint that is not saved (an idle move past other types' events),
    /// in the form the checkpoint trigger uses. Outside any transaction: it is sent at once.
    func announce(_ checkpoint: Checkpoint) async throws {
        try ensureOpen()
        let notice = CheckpointNotice(projection: name, checkpoint: checkpoint)
        for try await _ in try await connection.execute(NotifyStatement(channel: CheckpointNotice.channel, payload: notice.payload), logger: logger) {}
    }

    func moveRebuild(from old: Checkpoint, to new: Checkpoint, applied: Int) async throws {
        let rows = try await connection.query("""
            UPDATE projections SET rebuild_checkpoint_transaction = \(String(new.transactionID))::xid8,
                   rebuild_checkpoint_position = \(new.position), rebuild_events_applied = rebuild_events_applied + \(Int64(applied)),
                   updated_at = now()
            WHERE name = \(name) AND rebuild_checkpoint_transaction = \(String(old.transactionID))::xid8
              AND rebuild_checkpoint_position = \(old.position)
            RETURNING 1
            """, logger: logger)
        try await Self.expectOne(rows, name: name)
    }

    func setState(_ state: ProjectionState, lastError: String?) async throws {
        try await connection.query(
            "UPDATE projections SET state = \(state.rawValue), last_error = \(lastError), updated_at = now() WHERE name = \(name)",
            logger: logger)
    }

    /// Fresh `<table>__rebuild` copies and a rebuild checkpoint at the start, for `version`.
    func startRebuild(version: Int, reason: String) async throws {
        try await transaction {
            // Drained so that a failure of the function is thrown here (see `StreamProjector.apply`).
            for try await _ in try await connection.query("SELECT projection_prepare_rebuild(\(name))", logger: logger) {}
            try await connection.query("""
                UPDATE projections SET rebuild_requested_at = coalesce(rebuild_requested_at, now()),
                       rebuild_reason = coalesce(rebuild_reason, \(reason)), rebuild_version = \(Int32(version)),
                       rebuild_generation = greatest(generation,
                           (SELECT coalesce(max(generation), 0) FROM dead_letters WHERE projection = \(name))) + 1,
                       rebuild_checkpoint_transaction = '0', rebuild_checkpoint_position = 0, rebuild_events_applied = 0,
                       state = 'rebuilding', updated_at = now()
                WHERE name = \(name)
                """, logger: logger)
            // Letters parked by an abandoned earlier attempt belong to tables that no longer exist.
            try await connection.query("""
                UPDATE dead_letters SET status = 'superseded', resolved_at = now()
                WHERE projection = \(name) AND status IN ('parked', 'retry')
                  AND generation > (SELECT generation FROM projections WHERE name = \(name))
                """, logger: logger)
        }
    }

    /// Swaps the rebuilt tables in and makes the rebuild's checkpoint, count and dead letters the live ones.
    func swapRebuild(worker: String, state: ProjectionState) async throws {
        try await transaction {
            for try await _ in try await connection.query("SELECT projection_swap_rebuild(\(name))", logger: logger) {}
            try await connection.query("""
                UPDATE dead_letters SET status = 'superseded', resolved_at = now(), resolved_by = \(worker)
                WHERE projection = \(name) AND status IN ('parked', 'retry')
                  AND generation = (SELECT generation FROM projections WHERE name = \(name))
                """, logger: logger)
            try await connection.query("""
                UPDATE projections SET version = rebuild_version,
                       checkpoint_transaction = rebuild_checkpoint_transaction, checkpoint_position = rebuild_checkpoint_position,
                       events_applied = rebuild_events_applied, generation = rebuild_generation, state = \(state.rawValue),
                       rebuild_requested_at = NULL, rebuild_reason = NULL, rebuild_version = NULL, rebuild_generation = NULL,
                       rebuild_checkpoint_transaction = NULL, rebuild_checkpoint_position = NULL, rebuild_events_applied = NULL,
                       last_error = NULL, updated_at = now()
                WHERE name = \(name)
                """, logger: logger)
        }
    }

    func park(_ event: RecordedEvent, generation: Int, error: String, attempts: Int) async throws {
        try await connection.query("""
            INSERT INTO dead_letters (projection, generation, global_position, transaction_id, event_id, stream_id,
                                      stream_version, event_type, error, attempts)
            VALUES (\(name), \(Int32(generation)), \(event.globalPosition), \(String(event.transactionID))::xid8, \(event.eventID),
                    \(event.streamID), \(Int32(event.streamVersion)), \(event.type), \(error), \(Int32(attempts)))
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// Parked letters and letters an operator asked to retry, oldest first.
    func openLetters(generation: Int) async throws -> [OpenLetter] {
        var letters: [OpenLetter] = []
        for try await (position, stream, status) in try await connection.query("""
            SELECT global_position, stream_id, status FROM dead_letters
            WHERE projection = \(name) AND generation = \(Int32(generation)) AND status IN ('parked', 'retry')
            ORDER BY global_position
            """, logger: logger
        ).decode((Int64, String, String).self) {
            letters.append(OpenLetter(position: position, stream: stream, retry: status == "retry"))
        }
        return letters
    }

    func resolve(position: Int64, generation: Int, worker: String) async throws {
        let resolved = try await connection.query("""
            UPDATE dead_letters SET status = 'resolved', attempts = attempts + 1, resolved_at = now(), resolved_by = \(worker)
            WHERE projection = \(name) AND generation = \(Int32(generation)) AND global_position = \(position)
              AND status = 'retry'
            RETURNING 1
            """, logger: logger).collect()
        // Someone else resolved or skipped it meanwhile: roll this application back.
        guard resolved.count == 1 else { throw LostOwnership(name: name) }
        try await connection.query(
            "UPDATE projections SET events_applied = events_applied + 1, updated_at = now() WHERE name = \(name)", logger: logger)
    }

    func reparkAfterRetry(position: Int64, generation: Int, error: String) async throws {
        try await connection.query("""
            UPDATE dead_letters SET status = 'parked', attempts = attempts + 1, error = \(error)
            WHERE projection = \(name) AND generation = \(Int32(generation)) AND global_position = \(position)
            """, logger: logger)
    }

    private static func expectOne(_ rows: PostgresRowSequence, name: String) async throws {
        var count = 0
        for try await _ in rows { count += 1 }
        guard count == 1 else { throw LostOwnership(name: name) }
    }
}
