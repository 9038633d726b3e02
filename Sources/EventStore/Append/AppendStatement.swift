import Foundation
import NIOCore
import PostgresNIO

/// The guarded append, for callers' transactions: rows are inserted only when the stream is
/// still at `base` and none of the ids is stored; otherwise nothing is inserted (and the
/// transaction stays usable) and the caller finds out why.
struct GuardedAppendStatement: AppendingStatement {
    static let name = "labledger_guarded_append_v3"
    static let sql = """
        WITH head AS (
            SELECT coalesce(max(stream_version), 0) AS version FROM events WHERE stream_id = $1
        )
        INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
        SELECT $1, $2 + b.n::int, b.event_id, b.event_type, b.schema_version, b.data::jsonb, b.metadata::jsonb,
               timestamptz 'epoch' + b.occurred_us * interval '1 microsecond', b.hash
        FROM head,
             unnest($3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::int8[], $9::bytea[])
                 WITH ORDINALITY AS b(event_id, event_type, schema_version, data, metadata, occurred_us, hash, n)
        WHERE head.version = $2
          AND ($2 = 0 OR EXISTS (SELECT FROM events p WHERE p.stream_id = $1 AND p.stream_version = $2 AND p.hash = $10))
          AND NOT EXISTS (SELECT FROM events e WHERE e.event_id = ANY($3::uuid[]))
          -- Readers order by transaction id first: an event after one a newer transaction wrote
          -- would be read before it. Such a caller's transaction must start again.
          AND NOT EXISTS (SELECT FROM events p WHERE p.stream_id = $1 AND p.transaction_id > pg_current_xact_id())
        ORDER BY b.n
        RETURNING global_position, stream_version, transaction_id::text
        """

    var batch: AppendBatch
}

/// The plain append, on its own transaction. Inserting `base + 1` succeeds exactly when the
/// stream is at `base`, given that version `base` exists with the hash the chain builds on
/// (checked with one index probe: a remembered head may be one the database lost in a crash or
/// a fail-over). The unique index is the version check; a unique violation says another writer,
/// or an earlier attempt, was first. No row inserted means the base was not there.
struct AppendStatement: AppendingStatement {
    static let name = "labledger_append_v2"
    static let sql = """
        INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
        SELECT $1, $2 + b.n::int, b.event_id, b.event_type, b.schema_version, b.data::jsonb, b.metadata::jsonb,
               timestamptz 'epoch' + b.occurred_us * interval '1 microsecond', b.hash
        FROM unnest($3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::int8[], $9::bytea[])
                 WITH ORDINALITY AS b(event_id, event_type, schema_version, data, metadata, occurred_us, hash, n)
        WHERE $2 = 0 OR EXISTS (SELECT FROM events p WHERE p.stream_id = $1 AND p.stream_version = $2 AND p.hash = $10)
        ORDER BY b.n
        RETURNING global_position, stream_version, transaction_id::text
        """

    var batch: AppendBatch
}

/// The plain append of events sealed from what a payload protection remembers: inserted only
/// while `protection_epoch` still holds the epoch they were sealed at (an erasure moved it
/// otherwise, and a key they were sealed with may be destroyed). One probe of a one-row
/// table in the same statement; no rows inserted says the base or the epoch was not there.
struct EpochCheckedAppendStatement: AppendingStatement {
    static let name = "labledger_append_epoch_checked_v1"
    static let sql = """
        INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
        SELECT $1, $2 + b.n::int, b.event_id, b.event_type, b.schema_version, b.data::jsonb, b.metadata::jsonb,
               timestamptz 'epoch' + b.occurred_us * interval '1 microsecond', b.hash
        FROM unnest($3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::int8[], $9::bytea[])
                 WITH ORDINALITY AS b(event_id, event_type, schema_version, data, metadata, occurred_us, hash, n)
        WHERE ($2 = 0 OR EXISTS (SELECT FROM events p WHERE p.stream_id = $1 AND p.stream_version = $2 AND p.hash = $10))
          AND EXISTS (SELECT FROM protection_epoch WHERE epoch = $11)
        ORDER BY b.n
        RETURNING global_position, stream_version, transaction_id::text
        """

    var batch: AppendBatch
    var epoch: Int64

    func makeBindings() throws -> PostgresBindings {
        var bindings = batch.bindings()
        bindings.append(epoch)
        return bindings
    }
}

/// The plain append of events sealed from memory with keys made for them (people met for the
/// first time): the keys are inserted into `person_keys` by the same statement, under the same
/// conditions as the events, so both are stored or neither, in one round trip and one commit.
/// No ON CONFLICT: a person who has a key already (committed by another append, or erased)
/// fails the whole statement with a unique violation on `person_keys`, and nothing is stored.
struct KeyStoringAppendStatement: AppendingStatement {
    static let name = "labledger_append_storing_keys_v1"
    static let sql = """
        WITH stored_keys AS (
            INSERT INTO person_keys (person_id, wrapped_key, kek_id)
            SELECT k.owner, k.wrapped, $14 FROM unnest($12::text[], $13::bytea[]) AS k(owner, wrapped)
            WHERE ($2 = 0 OR EXISTS (SELECT FROM events p WHERE p.stream_id = $1 AND p.stream_version = $2 AND p.hash = $10))
              AND EXISTS (SELECT FROM protection_epoch WHERE epoch = $11)
        )
        INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at, hash)
        SELECT $1, $2 + b.n::int, b.event_id, b.event_type, b.schema_version, b.data::jsonb, b.metadata::jsonb,
               timestamptz 'epoch' + b.occurred_us * interval '1 microsecond', b.hash
        FROM unnest($3::uuid[], $4::text[], $5::int[], $6::text[], $7::text[], $8::int8[], $9::bytea[])
                 WITH ORDINALITY AS b(event_id, event_type, schema_version, data, metadata, occurred_us, hash, n)
        WHERE ($2 = 0 OR EXISTS (SELECT FROM events p WHERE p.stream_id = $1 AND p.stream_version = $2 AND p.hash = $10))
          AND EXISTS (SELECT FROM protection_epoch WHERE epoch = $11)
        ORDER BY b.n
        RETURNING global_position, stream_version, transaction_id::text
        """

    var batch: AppendBatch
    var epoch: Int64
    var keys: SealedFromMemory.NewKeys

    func makeBindings() throws -> PostgresBindings {
        var bindings = batch.bindings()
        bindings.append(epoch)
        bindings.append(keys.owners)
        bindings.append(keys.wrapped.map { ByteBuffer(bytes: $0) })
        bindings.append(keys.kekID)
        return bindings
    }
}

/// What both append statements share: their parameters and the row each inserted event answers.
protocol AppendingStatement: PostgresPreparedStatement where Row == (Int64, Int32, String) {
    var batch: AppendBatch { get }
}

extension AppendingStatement {
    func makeBindings() throws -> PostgresBindings { batch.bindings() }

    func decodeRow(_ row: PostgresRow) throws -> (Int64, Int32, String) { try row.decode((Int64, Int32, String).self) }
}

/// The bound values both statements take.
struct AppendBatch: Sendable {
    var stream: String
    var base: Int32
    var ids: [UUID]
    var types: [String]
    var schemaVersions: [Int32]
    var data: [String]
    var metadata: [String]
    var occurredAt: [Int64]
    var hashes: [ByteBuffer]
    /// The hash of version `base`, which the first new event chains from.
    var baseHash: ByteBuffer

    func bindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 10)
        bindings.append(stream)
        bindings.append(base)
        bindings.append(ids)
        bindings.append(types)
        bindings.append(schemaVersions)
        bindings.append(data)
        bindings.append(metadata)
        bindings.append(occurredAt)
        bindings.append(hashes)
        bindings.append(baseHash)
        return bindings
    }
}
