import Foundation
import NIOCore
import PostgresNIO

extension PostgresEventStore {
    /// Appends `events` to `stream` in one statement and one transaction, if the stream is at
    /// the `expected` version. Appending again events whose ids are already stored with the same
    /// content answers the first append's result and writes nothing.
    @discardableResult
    public func append(to stream: String, expected: ExpectedVersion, _ events: [EventData]) async throws -> AppendResult {
        let given = events
        var events = events
        // Set when the events were sealed from memory: what the statement checks (the epoch the
        // remembered keys were read at) and writes with them (keys made for new people).
        var fromMemory: SealedFromMemory?
        if let protection {
            guard let sealed = try protection.sealWithoutDatabase(events) else {
                return try await appendSealingInTransaction(to: stream, expected: expected, events, protection: protection)
            }
            events = sealed.events
            if sealed.epoch != nil { fromMemory = sealed }
        }
        var batch = try AppendValidation(limits: limits).validate(stream: stream, events: events)
        if batch.contains(where: \.needsDatabaseCanonicalisation) {
            try await client.withConnection { try await self.canonicaliseInDatabase(&batch, on: $0) }
        }
        let maxAttempts = 100
        for _ in 1...maxAttempts {
            let known = knownBase(of: stream, expected: expected)
            let base: StreamHeads.Head?
            if let known {
                base = known
            } else {
                base = try await client.withConnection { try await self.baseHead(of: stream, expected: expected, on: $0) }
            }
            guard let base else {
                return try await client.withConnection { try await self.explainRefusal(of: batch, to: stream, expected: expected, on: $0) }
            }
            let bound = chain(batch, onto: base, in: stream)
            do {
                let rows = if let fromMemory, let epoch = fromMemory.epoch, let keys = fromMemory.newKeys {
                    try await client.execute(KeyStoringAppendStatement(batch: bound, epoch: epoch, keys: keys), logger: logger)
                } else if let epoch = fromMemory?.epoch {
                    try await client.execute(EpochCheckedAppendStatement(batch: bound, epoch: epoch), logger: logger)
                } else {
                    try await client.execute(AppendStatement(batch: bound), logger: logger)
                }
                let result = try await collect(rows, chainedTo: bound, of: stream, committed: true)
                guard !result.positions.isEmpty else {
                    // The remembered base is not in the database: read the head afresh.
                    heads.forget(stream)
                    if fromMemory != nil, let protection {
                        // Or the epoch moved: a key the events were sealed with may be destroyed
                        // (a person erased, perhaps by another process). What the protection
                        // remembers goes, and the append seals again in a transaction that reads
                        // the keys afresh (and refuses an erased person's details).
                        protection.forgetRemembered()
                        return try await appendSealingInTransaction(to: stream, expected: expected, given, protection: protection)
                    }
                    continue
                }
                fromMemory?.stored()
                wakeUps.ring()
                return result
            } catch let error as PSQLError where fromMemory?.newKeys != nil && error.serverInfo?[.tableName] != "events" {
                // The keys made for this append were refused, and so were the events: someone
                // has a key already (another append stored it first, or they were erased), or
                // the KEK was rotated. The transaction path reads what is stored and answers.
                guard let protection else { throw error }
                return try await appendSealingInTransaction(to: stream, expected: expected, given, protection: protection)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                // The version or an id was taken first: by a concurrent writer, or by an earlier
                // attempt of this very append whose answer was lost.
                heads.forget(stream)
                guard expected == .any else {
                    return try await client.withConnection { try await self.explainRefusal(of: batch, to: stream, expected: expected, on: $0) }
                }
                if let replay = try await client.withConnection({ try await self.previousAppend(of: batch, to: stream, on: $0) }) {
                    return replay
                }
            } catch let error as PSQLError where Self.payloadStates.contains(error.serverInfo?[.sqlState] ?? "") {
                throw EventStoreError.payloadRejected(eventID: nil, message: error.serverInfo?[.message] ?? "\(error)")
            }
        }
        throw EventStoreError.contentionLimitReached(stream: stream, attempts: maxAttempts)
    }

    /// Appends inside the caller's transaction (for example one that also records an
    /// idempotency key). The caller commits; subscribers learn of it at their next poll, or at
    /// once when the caller calls `notifySubscribers()` after the commit. The statement inserts
    /// nothing, instead of failing, when the stream moved or the ids are stored, so the caller's
    /// transaction stays usable for a replay answer or a typed conflict.
    @discardableResult
    public func append(
        to stream: String, expected: ExpectedVersion, _ events: [EventData], on connection: PostgresConnection
    ) async throws -> AppendResult {
        // Not remembered after: the caller's transaction may still roll back, and what sealing
        // made in it (a new key) with it. A later append finds it in the database.
        let events = try await sealed(events, on: connection).events
        return try await appendSealed(to: stream, expected: expected, events, on: connection).result
    }

    /// Appends events that need the database to be sealed (a new person's key to make) in one
    /// transaction with what sealing writes: one commit for the key and the events, and no key
    /// stored without the events or events without their key. A concurrent append to the
    /// stream aborts the transaction; the whole is tried again, as the plain append retries.
    private func appendSealingInTransaction(
        to stream: String, expected: ExpectedVersion, _ events: [EventData], protection: any PayloadProtection
    ) async throws -> AppendResult {
        let maxAttempts = 100
        for _ in 1...maxAttempts {
            do {
                let appended: (result: AppendResult, head: StreamHeads.Head?)
                let sealing: Sealing
                do {
                    (appended, sealing) = try await client.withTransaction(logger: logger) { connection in
                        let sealing = try await protection.seal(events, on: connection)
                        return (try await self.appendSealed(to: stream, expected: expected, sealing.events, on: connection), sealing)
                    }
                } catch let error as PostgresTransactionError {
                    // postgres-nio wraps what the body threw; an append's callers are promised
                    // the store's own errors (a wrong version, a refused payload).
                    throw error.underlying
                }
                sealing.committed()
                // Committed now: the next append to the stream builds on it without reading it.
                if let head = appended.head { heads.remember(head, of: stream) }
                wakeUps.ring()
                return appended.result
            } catch EventStoreError.concurrentAppend(let name) where name == stream {
                // Tried afresh: the next attempt sees what the other writer committed and
                // answers as the plain append would (a replay, the wrong version, or success).
                continue
            }
        }
        throw EventStoreError.contentionLimitReached(stream: stream, attempts: maxAttempts)
    }

    /// Appends in the caller's transaction; answers the stream's new head too, for the caller
    /// to remember once that transaction has committed (never before: it may roll back).
    private func appendSealed(
        to stream: String, expected: ExpectedVersion, _ events: [EventData], on connection: PostgresConnection
    ) async throws -> (result: AppendResult, head: StreamHeads.Head?) {
        var batch = try AppendValidation(limits: limits).validate(stream: stream, events: events)
        if batch.contains(where: \.needsDatabaseCanonicalisation) {
            try await canonicaliseInDatabase(&batch, on: connection)
        }
        // A head remembered from earlier may be stale; the second attempt reads it afresh.
        for attempt in 1...2 {
            guard let base = try await baseHead(of: stream, expected: expected, on: connection) else { break }
            let bound = chain(batch, onto: base, in: stream)
            do {
                let rows = try await connection.execute(GuardedAppendStatement(batch: bound), logger: logger)
                // Not remembered: the caller's transaction may still roll back, and a remembered
                // head must be a committed one (the plain append builds on it unchecked).
                let result = try await collect(rows, chainedTo: bound, of: stream, committed: false)
                if !result.positions.isEmpty {
                    return (result, bound.hashes.last.map { .init(version: result.streamVersion, hash: Data(buffer: $0)) })
                }
                if try await newerTransactionWrote(stream, on: connection) {
                    throw EventStoreError.concurrentAppend(stream: stream)
                }
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
                // A concurrent transaction committed the same version or ids after our check;
                // this transaction is aborted now and only a retry of the whole can decide.
                heads.forget(stream)
                throw EventStoreError.concurrentAppend(stream: stream)
            } catch let error as PSQLError where Self.payloadStates.contains(error.serverInfo?[.sqlState] ?? "") {
                throw EventStoreError.payloadRejected(eventID: nil, message: error.serverInfo?[.message] ?? "\(error)")
            }
            heads.forget(stream)
            if expected == .any {
                if let replay = try await previousAppend(of: batch, to: stream, on: connection) { return (replay, nil) }
                if attempt == 1 { continue }
                // `.any` cannot be the wrong version: the head kept moving under this transaction.
                throw EventStoreError.concurrentAppend(stream: stream)
            }
            break
        }
        return (try await explainRefusal(of: batch, to: stream, expected: expected, on: connection), nil)
    }

    /// Whether a transaction newer than the caller's wrote to `stream`: appending after its
    /// events would put ours before them in the gap-safe order, out of stream order.
    func newerTransactionWrote(_ stream: String, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT EXISTS (SELECT FROM events WHERE stream_id = \(stream) AND transaction_id > pg_current_xact_id())",
            logger: logger)
        for try await newer in rows.decode(Bool.self) { return newer }
        return false
    }

    /// The events as they are stored: with their protected parts sealed on `connection`.
    private func sealed(_ events: [EventData], on connection: PostgresConnection) async throws -> Sealing {
        guard let protection else { return Sealing(events: events) }
        return try await protection.seal(events, on: connection)
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

    /// SQL states of payloads that Foundation-level checks let through but jsonb refuses.
    private static let payloadStates: Set<String> = ["22P02", "22P05", "22021", "54000"]

    /// Binds the events with their versions and chained hashes after `base`.
    private func chain(_ batch: [ValidatedEvent], onto base: StreamHeads.Head, in stream: String) -> AppendBatch {
        var previous = base.hash
        var hashes: [ByteBuffer] = []
        hashes.reserveCapacity(batch.count)
        for (offset, event) in batch.enumerated() {
            previous = HashChain.hash(previous: previous, canonical: HashChain.canonicalBytes(
                streamID: stream, streamVersion: base.version + offset + 1, eventID: event.event.id,
                eventType: event.event.type, schemaVersion: event.event.schemaVersion,
                dataJSON: event.dataText, metadataJSON: event.metadataText,
                occurredAtMicroseconds: event.occurredAtMicroseconds))
            hashes.append(ByteBuffer(bytes: previous))
        }
        return AppendBatch(
            stream: stream, base: Int32(base.version), ids: batch.map(\.event.id), types: batch.map(\.event.type),
            schemaVersions: batch.map { Int32($0.event.schemaVersion) }, data: batch.map(\.dataText),
            metadata: batch.map(\.metadataText), occurredAt: batch.map(\.occurredAtMicroseconds), hashes: hashes,
            baseHash: ByteBuffer(bytes: base.hash))
    }

    private func collect(
        _ rows: AsyncThrowingMapSequence<PostgresRowSequence, (Int64, Int32, String)>, chainedTo bound: AppendBatch,
        of stream: String, committed: Bool
    ) async throws -> AppendResult {
        var positions: [Int64] = []
        positions.reserveCapacity(bound.ids.count)
        var lastVersion: Int32 = 0
        var transaction: UInt64 = 0
        for try await (position, version, transactionText) in rows {
            positions.append(position)
            lastVersion = max(lastVersion, version)
            transaction = UInt64(transactionText) ?? 0
        }
        if committed, let lastHash = bound.hashes.last, !positions.isEmpty {
            heads.remember(.init(version: Int(lastVersion), hash: Data(buffer: lastHash)), of: stream)
        }
        return AppendResult(
            streamVersion: Int(lastVersion), positions: positions, transactionID: transaction, wasAlreadyAppended: false)
    }

    /// The base an append can build on without asking the database: the empty stream's, or a
    /// remembered head that matches the expectation.
    private func knownBase(of stream: String, expected: ExpectedVersion) -> StreamHeads.Head? {
        switch expected {
        case .noStream, .exact(0): return .init(version: 0, hash: HashChain.genesis)
        case .exact(let version): return heads.head(of: stream).flatMap { $0.version == version ? $0 : nil }
        case .any: return heads.head(of: stream)
        }
    }

    /// The version the new events follow and the hash they chain from, or nil when the stream
    /// does not reach the expected version.
    private func baseHead(of stream: String, expected: ExpectedVersion, on connection: PostgresConnection) async throws -> StreamHeads.Head? {
        switch expected {
        case .noStream, .exact(0):
            return .init(version: 0, hash: HashChain.genesis)
        case .exact(let version) where version < 0:
            throw EventStoreError.invalidVersion(version)
        case .exact(let version):
            if let known = heads.head(of: stream), known.version == version { return known }
            let rows = try await connection.query(
                "SELECT hash FROM events WHERE stream_id = \(stream) AND stream_version = \(Int32(clamping: version))",
                logger: logger)
            for try await hash in rows.decode(Data.self) { return .init(version: version, hash: hash) }
            return nil
        case .any:
            if let known = heads.head(of: stream) { return known }
            let rows = try await connection.query(
                "SELECT stream_version, hash FROM events WHERE stream_id = \(stream) ORDER BY stream_version DESC LIMIT 1",
                logger: logger)
            for try await (version, hash) in rows.decode((Int32, Data).self) { return .init(version: Int(version), hash: hash) }
            return .init(version: 0, hash: HashChain.genesis)
        }
    }

    /// Nothing was inserted: either these events were appended before (answer that), or their
    /// ids are taken by other content, or the stream is not at the expected version.
    private func explainRefusal(
        of batch: [ValidatedEvent], to stream: String, expected: ExpectedVersion, on connection: PostgresConnection
    ) async throws -> AppendResult {
        if let replay = try await previousAppend(of: batch, to: stream, on: connection) { return replay }
        let actual = try await currentVersion(of: stream, on: connection)
        throw EventStoreError.wrongExpectedVersion(stream: stream, expected: expected, actual: actual)
    }

    /// Payloads Swift cannot print exactly as jsonb does (numbers with exponents, rare escapes)
    /// take one round trip, so that the hash covers exactly the text the database will hold.
    private func canonicaliseInDatabase(_ batch: inout [ValidatedEvent], on connection: PostgresConnection) async throws {
        let texts = batch.map(\.dataText)
        do {
            let rows = try await connection.query(
                "SELECT t::jsonb::text FROM unnest(\(texts)::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n",
                logger: logger)
            var index = 0
            for try await canonical in rows.decode(String.self) {
                batch[index].data = .canonical(canonical)
                index += 1
            }
        } catch let error as PSQLError {
            throw EventStoreError.payloadRejected(eventID: nil, message: error.serverInfo?[.message] ?? "\(error)")
        }
    }
}
