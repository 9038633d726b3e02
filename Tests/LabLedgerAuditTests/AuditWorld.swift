import Crypto
import EventStore
import Foundation
import LabLedgerAudit
import PostgresNIO
import TestSupport
import TransparencyLog

/// A history of a few streams on a fresh database, sequenced and signed by a running
/// sequencer, that a test may then tamper with as the database's superuser would.
struct AuditWorld: Sendable {
    let database: TestDatabase
    let store: PostgresEventStore
    let signer: CheckpointSigner

    static let streams = ["grant-a": 3, "grant-b": 3, "grant-c": 2]

    /// Runs `body` with the world's store while a sequencer follows it.
    static func run(_ label: String, _ body: @Sendable (AuditWorld) async throws -> Void) async throws {
        let database = try await TestDatabase.make(label)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-world-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let signer = try CheckpointSigner.load(origin: "labledger.test/\(label)", keyFile: folder.appendingPathComponent("log.key").path)
        try await database.withStore(maximumConnections: 8) { store in
            let world = AuditWorld(database: database, store: store, signer: signer)
            var options = LogSequencer.Options()
            options.checkpointInterval = .milliseconds(20)
            options.pollInterval = .milliseconds(50)
            let sequencer = LogSequencer(store: store, signer: signer, options: options, logger: TestCluster.logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sequencer.run() }
                defer { group.cancelAll() }
                try await body(world)
            }
        }
    }

    /// Appends the streams interleaved (a1 b1 c1 a2 b2 c2 a3 b3), one transaction each.
    func appendStory() async throws {
        for version in 1...3 {
            for (stream, length) in Self.streams.sorted(by: { $0.key < $1.key }) where version <= length {
                try await append(stream, version: version)
            }
        }
    }

    func append(_ stream: String, version: Int, count: Int = 1) async throws {
        let events = (0..<count).map { offset in
            EventData(type: "AmountRecorded", data: Data(#"{"amount": \#(version + offset), "note": "fact \#(version + offset)"}"#.utf8))
        }
        _ = try await store.append(to: stream, expected: version == 1 ? .noStream : .exact(version - 1), events)
    }

    /// Waits until a signed checkpoint covers `size` leaves.
    @discardableResult
    func waitForCheckpoint(covering size: Int64) async throws -> AuditLog.StoredCheckpoint {
        let log = AuditLog(client: store.client, logger: TestCluster.logger)
        for _ in 0..<1_500 {
            if let latest = try await log.latestCheckpoint(), latest.size >= size { return latest }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw AuditTestError("no checkpoint covered \(size) leaves within 30 s")
    }

    func verifier() throws -> LogVerifier {
        try LogVerifier(store: store, verifierKey: signer.verifierKey, logger: TestCluster.logger)
    }

    /// Runs `sql` as a superuser who bypasses the append-only triggers and the foreign keys
    /// (`session_replication_role = replica` turns both off for the session), as whoever runs
    /// the database can.
    func tamper(_ sql: String) async throws {
        try await database.withConnection(as: database.provisioned.superuser) { connection in
            try await connection.query("SET session_replication_role = replica", logger: TestCluster.logger)
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestCluster.logger)
            try await connection.query("RESET session_replication_role", logger: TestCluster.logger)
        }
    }

    /// The events of the history in gap-safe order.
    func events() async throws -> [RecordedEvent] {
        try await store.readAll(after: .start, limit: 1_000)
    }

    /// Rewrites every event of `stream` with new data and a correctly recomputed chain: the
    /// forgery the stream's own hashes cannot reveal.
    func rewriteWithRecomputedChain(_ stream: String) async throws {
        try await tamper("UPDATE events SET data = jsonb_set(data, '{note}', '\"forged\"') WHERE stream_id = '\(stream)'")
        let rows = try await database.withConnection(as: database.provisioned.superuser) { connection in
            let result = try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT global_position, stream_version, event_id::text, event_type, schema_version, data::text, metadata::text,
                       floor(extract(epoch FROM occurred_at) * 1000000)::bigint
                FROM events WHERE stream_id = '\(stream)' ORDER BY stream_version
                """), logger: TestCluster.logger)
            var rows: [(Int64, Int, String, String, Int, String, String, Int64)] = []
            for try await row in result.decode((Int64, Int, String, String, Int, String, String, Int64).self) { rows.append(row) }
            return rows
        }
        var previous = HashChain.genesis
        for (position, version, id, type, schemaVersion, data, metadata, occurred) in rows {
            let canonical = HashChain.canonicalBytes(
                streamID: stream, streamVersion: version, eventID: UUID(uuidString: id) ?? UUID(), eventType: type,
                schemaVersion: schemaVersion, dataJSON: data, metadataJSON: metadata, occurredAtMicroseconds: occurred)
            let hash = HashChain.hash(previous: previous, canonical: canonical)
            let hex = hash.map { String(format: "%02x", $0) }.joined()
            try await tamper("UPDATE events SET hash = '\\x\(hex)'::bytea WHERE global_position = \(position)")
            previous = hash
        }
    }
}

struct AuditTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
