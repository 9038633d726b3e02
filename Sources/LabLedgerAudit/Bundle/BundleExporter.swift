import EventStore
import Foundation
import Logging
import PostgresNIO
import TransparencyLog

/// Why a bundle cannot be made as asked.
public enum BundleExportError: Error, Equatable, CustomStringConvertible {
    /// The period [from, to) is empty.
    case emptyPeriod(from: Int64, to: Int64)
    /// No party with this id is in the directory.
    case unknownParty(String)
    /// The log has signed no checkpoint yet.
    case noCheckpoint
    /// A resumed export's checkpoint is not in the log.
    case checkpointMissing(treeSize: Int64)
    /// The stored checkpoint does not verify with the key the bundle would carry.
    case checkpointNotVerified(String)

    public var description: String {
        switch self {
        case .emptyPeriod(let from, let to):
            "from (\(BundleTime.format(from))) must be earlier than to (\(BundleTime.format(to))): the period is [from, to)"
        case .unknownParty(let party): "no party '\(party)' is in the directory"
        case .noCheckpoint: "the log has not signed a checkpoint yet"
        case .checkpointMissing(let size): "the log has no checkpoint of \(size) leaves"
        case .checkpointNotVerified(let reason): "the newest checkpoint does not verify with the log's key: \(reason)"
        }
    }
}

/// A bundle about to be written: its manifest (request, checkpoint, count) and header.
public struct BundlePlan: Sendable {
    public var request: BundleRequest
    public var manifest: BundleManifest
    public var note: String
    public var verifierKey: String

    /// The manifest, checkpoint and key lines.
    public func header() throws -> [UInt8] {
        try BundleEncoder.header(manifest: manifest, note: note, verifierKey: verifierKey)
    }
}

/// Reads what a bundle holds from the database: the selection in log order, in pages keyed by
/// log index, each page's proofs in one query. A caller holds a page (`BundleStream` two).
public struct BundleExporter: Sendable {
    let log: AuditLog

    public init(client: PostgresClient, logger: Logger) {
        log = AuditLog(client: client, logger: logger)
    }

    /// Fixes what the bundle holds: the newest signed checkpoint (or, resuming, the one
    /// `pinned` names, with its stream list), the party's streams and the count of events.
    /// `groupSize` is the events per page and proof line of a new bundle; a pinned one keeps its own.
    public func plan(
        _ request: BundleRequest, verifierKey: String, pinned: BundleManifest? = nil, groupSize: Int = BundleStream.defaultPageSize
    ) async throws -> BundlePlan {
        guard request.fromMicros < request.toMicros else { throw BundleExportError.emptyPeriod(from: request.fromMicros, to: request.toMicros) }
        var streams: [String]?
        if let party = request.party {
            guard try await partyExists(party) else { throw BundleExportError.unknownParty(party) }
            if let pinnedStreams = pinned?.streams {
                streams = pinnedStreams
            } else {
                streams = try await partyStreams(party)
            }
        }
        let stored: AuditLog.StoredCheckpoint
        if let pinned {
            guard let found = try await log.checkpoint(size: pinned.treeSize) else { throw BundleExportError.checkpointMissing(treeSize: pinned.treeSize) }
            stored = found
        } else {
            guard let latest = try await log.latestCheckpoint() else { throw BundleExportError.noCheckpoint }
            stored = latest
        }
        let checkpoint: TransparencyLog.Checkpoint
        do {
            checkpoint = try TransparencyLog.Checkpoint.open(stored.note, verifier: NoteVerifier(verifierKey: verifierKey))
        } catch {
            throw BundleExportError.checkpointNotVerified("\(error)")
        }
        guard checkpoint.size == stored.size, checkpoint.root == stored.root else {
            throw BundleExportError.checkpointNotVerified("the signed note names another tree than its row")
        }
        let count = try await self.count(request, streams: streams, treeSize: stored.size)
        let manifest = BundleManifest(
            request: request, streams: streams, origin: checkpoint.origin, treeSize: stored.size, rootHash: stored.root, events: count,
            groupSize: max(1, min(BundleManifest.maxGroup, pinned?.groupSize ?? groupSize)))
        return BundlePlan(request: request, manifest: manifest, note: stored.note, verifierKey: verifierKey)
    }

    /// The next events of the bundle after log index `after` (-1 for the first), with their
    /// batch proof: one group of the bundle. `heads` holds the streams' newest hashes read so
    /// far (the previous page's answer); predecessors it does not hold are read in one query.
    public func page(
        _ plan: BundlePlan, after: Int64, limit: Int = BundleStream.defaultPageSize, heads: StreamHeads = StreamHeads()
    ) async throws -> (page: BundlePage, heads: StreamHeads) {
        let request = plan.request
        let streams = plan.manifest.streams
        let count = Int32(limit)
        // Parallel plans off for this one query: past about a million events the planner picks
        // a Gather Merge for the join, and starting its two workers took 14 of a page's 22 ms
        // (EXPLAIN ANALYZE on the audit bench's cluster); a page of a few thousand rows needs no workers.
        return try await unwrappingTransactionError {
            try await log.client.withTransaction(logger: log.logger) { connection -> (page: BundlePage, heads: StreamHeads) in
            try await connection.query("SET LOCAL max_parallel_workers_per_gather = 0", logger: log.logger)
            var heads = heads
            var events: [BundleEvent] = []
            events.reserveCapacity(limit)
            // Events whose predecessor the heads do not hold: their place in `events`.
            var unknown: [Int] = []
            let rows = try await connection.query("""
                SELECT l.log_index, e.stream_id, e.stream_version, e.event_id, e.event_type, e.schema_version,
                       e.data::text, e.metadata::text, e.occurred_at, e.recorded_at, e.hash
                FROM log_entries l
                JOIN events e ON e.global_position = l.global_position
                WHERE l.log_index > \(after) AND l.log_index < \(plan.manifest.treeSize)
                  AND \(unescaped: Self.column(request.axis)) >= timestamptz 'epoch' + \(request.fromMicros)::float8 * interval '1 microsecond'
                  AND \(unescaped: Self.column(request.axis)) < timestamptz 'epoch' + \(request.toMicros)::float8 * interval '1 microsecond'
                  AND (\(streams)::text[] IS NULL OR e.stream_id = ANY(\(streams)::text[]))
                ORDER BY l.log_index
                LIMIT \(count)
                """, logger: log.logger)
            // Column by column: decoding the row as one tuple looked its generic metadata up per
            // row, 13% of an export's instructions (callgrind).
            for try await row in rows {
                let cells = row.makeRandomAccess()
                let index = try cells[0].decode(Int64.self)
                let stream = try cells[1].decode(String.self)
                let version = try cells[2].decode(Int32.self)
                let id = try cells[3].decode(UUID.self)
                let type = try cells[4].decode(String.self)
                let schemaVersion = try cells[5].decode(Int32.self)
                let data = try cells[6].decode(String.self)
                let metadata = try cells[7].decode(String.self)
                let occurred = try cells[8].decode(UnixMicroseconds.self).value
                let recorded = try cells[9].decode(UnixMicroseconds.self).value
                let hash = Array(try cells[10].decode(ByteBuffer.self).readableBytesView)
                var previousHash: [UInt8] = []
                if version == 1 {
                    previousHash = Array(HashChain.genesis)
                } else if let known = heads.hash(of: stream, version: Int(version) - 1) {
                    previousHash = known
                } else {
                    unknown.append(events.count)
                }
                heads.read(stream: stream, version: Int(version), hash: hash)
                events.append(BundleEvent(
                    logIndex: index, eventID: id, stream: stream, version: Int(version), eventType: type,
                    schemaVersion: Int(schemaVersion), data: data, metadata: metadata, occurredAtMicros: occurred,
                    recordedAtMicros: recorded, previousHash: previousHash, hash: hash))
            }
            if !unknown.isEmpty {
                let wanted = unknown.map { events[$0] }
                let predecessors = try await connection.query("""
                    SELECT w.n, e.hash
                    FROM unnest(\(wanted.map(\.stream))::text[], \(wanted.map { Int32($0.version - 1) })::int[]) WITH ORDINALITY AS w(stream_id, stream_version, n)
                    JOIN events e ON e.stream_id = w.stream_id AND e.stream_version = w.stream_version
                    """, logger: log.logger)
                for try await (n, hash) in predecessors.decode((Int64, ByteBuffer).self) {
                    events[unknown[Int(n) - 1]].previousHash = Array(hash.readableBytesView)
                }
                // A later event whose predecessor is gone chains to 32 zero bytes, as the first
                // of a stream does; its hash then fails to verify, as it should.
                for position in unknown where events[position].previousHash.isEmpty {
                    events[position].previousHash = Array(HashChain.genesis)
                }
            }
            guard !events.isEmpty else { return (BundlePage(events: [], proof: []), heads) }
            // The group's batch proof on the same connection: the hashes of the subtrees that
            // hold none of its events, read at once.
            let ranges = try BatchProof.plan(leafIndexes: events.map(\.logIndex), treeSize: plan.manifest.treeSize)
            let proof = try await LogSubtrees.proof(ranges, on: connection, logger: log.logger)
            return (BundlePage(events: events, proof: proof), heads)
            }
        }
    }

    /// The axis's column; only these two fixed names reach the SQL text.
    static func column(_ axis: BundleRequest.Axis) -> String {
        switch axis {
        case .occurred: "e.occurred_at"
        case .recorded: "e.recorded_at"
        }
    }

    private func count(_ request: BundleRequest, streams: [String]?, treeSize: Int64) async throws -> Int64 {
        let rows = try await log.client.query("""
            SELECT count(*) FROM log_entries l JOIN events e ON e.global_position = l.global_position
            WHERE l.log_index < \(treeSize)
              AND \(unescaped: Self.column(request.axis)) >= timestamptz 'epoch' + \(request.fromMicros)::float8 * interval '1 microsecond'
              AND \(unescaped: Self.column(request.axis)) < timestamptz 'epoch' + \(request.toMicros)::float8 * interval '1 microsecond'
              AND (\(streams)::text[] IS NULL OR e.stream_id = ANY(\(streams)::text[]))
            """, logger: log.logger)
        for try await count in rows.decode(Int64.self) { return count }
        return 0
    }

    public func partyExists(_ party: String) async throws -> Bool {
        let rows = try await log.client.query("SELECT 1 FROM directory_parties WHERE party_id = \(party)", logger: log.logger)
        for try await _ in rows.decode(Int.self) { return true }
        return false
    }

    /// The streams `party` is a party to, as the read models record it (docs/audit.md,
    /// "Evidence bundles"): its own party stream; every lab it was ever a member of; every
    /// agreement naming it and the funding commitments under those agreements; the placements
    /// it grants the degree of, sponsors, employs or hosts an internship of; the IP assets it
    /// has any part in; the outputs it is affiliated with or reviews; the rounds of labs it was
    /// ever a member of, and the rounds it applied to. The relations the API uses to decide what a party key may see, except
    /// that former membership counts: an audit of a past period covers the time it was a member.
    public func partyStreams(_ party: String) async throws -> [String] {
        let rows = try await log.client.query("""
            WITH agreements AS (SELECT stream_id, agreement_id FROM directory_agreement_parties WHERE party_id = \(party)),
                 labs AS (SELECT stream_id, lab_id FROM directory_lab_members WHERE party_id = \(party))
            SELECT stream_id FROM directory_parties WHERE party_id = \(party)
            UNION SELECT stream_id FROM labs
            UNION SELECT stream_id FROM agreements
            UNION SELECT c.stream_id FROM funding_commitments c JOIN agreements a ON a.agreement_id = c.agreement_id
            UNION SELECT p.stream_id FROM placements p
                  WHERE \(party) IN (p.degree_grantor_id, p.sponsor_id, p.employer_id)
            UNION SELECT stream_id FROM placement_internships WHERE host_id = \(party)
            UNION SELECT stream_id FROM ip_asset_parties WHERE party_id = \(party)
            UNION SELECT stream_id FROM output_parties WHERE party_id = \(party)
            UNION SELECT r.stream_id FROM rounds r JOIN labs l ON l.lab_id = r.lab_id
            UNION SELECT stream_id FROM round_startups WHERE startup_id = \(party)
            ORDER BY 1
            """, logger: log.logger)
        var streams: [String] = []
        for try await stream in rows.decode(String.self) { streams.append(stream) }
        return streams
    }
}
