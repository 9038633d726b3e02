import Foundation
import TransparencyLog

/// Where a resumed export continues: after the event at `afterLogIndex`, with `events` event
/// lines and `bytes` bytes of the file kept (header included), whose lines are sealed again as
/// when they were written (every line but the event lines). What is kept ends with a group's
/// proof line (or the header), and the manifest pins the group size, so the resumed file's
/// groups are the uninterrupted one's.
public struct BundleResume: Sendable, Equatable {
    public var afterLogIndex: Int64
    public var events: Int64
    public var bytes: Int64

    public init(afterLogIndex: Int64, events: Int64, bytes: Int64) {
        self.afterLogIndex = afterLogIndex
        self.events = events
        self.bytes = bytes
    }
}

/// A bundle as a pull-based sequence of chunks of whole lines: each page of events is one group,
/// written as its event lines and then its proof line. The page after the one being encoded is
/// read while it is encoded, and no further, so a slow reader (an HTTP client, a disk) holds two
/// pages and one chunk in memory however long the period.
public actor BundleStream {
    /// Events per page and so per group. Each page costs a plan (the query is planned again
    /// every time, about 1 ms), a transaction and a few round trips: on the audit bench's
    /// 1,000,000-event cluster the export took 7.2 s with pages of 1,000, 5.9 s with 2,000 and
    /// 5.0 s with 4,000 (COPY: 3.1 s), for 8 MiB more peak memory (two pages held).
    public static let defaultPageSize = 4_000
    public static let chunkBytes = 262_144

    /// Events read per query, and so per group (proof line): the manifest's `groupSize`.
    let pageSize: Int
    let exporter: BundleExporter
    public let plan: BundlePlan
    private var encoder = BundleEncoder()
    private var cursor: Int64 = -1
    private var headerWritten = false
    private var finished = false
    private var pending = BundlePage(events: [], proof: [])
    private var pendingIndex = 0
    /// Whether `pending`'s proof line is written (true while nothing is pending).
    private var proofWritten = true
    private var exhausted = false
    /// Events read so far (a resumed file's included): once they reach the manifest's count no
    /// further page is asked for. The last page of a period that ends early in the log would
    /// otherwise scan the whole rest of the log to find nothing (a tenth of 1,000,000 events
    /// took 7.7 s, 1.8 s of it the export's own work).
    private var eventsRead: Int64 = 0
    /// The page after `pending`, being read while `pending` is encoded: the database's work and
    /// the encoding (with the seal's SHA-256) then overlap instead of taking turns. At most one
    /// page ahead, so memory stays two pages and a chunk.
    private var nextPage: Task<(page: BundlePage, heads: StreamHeads), any Error>?
    /// The streams' newest hashes read so far, handed from page to page.
    private var heads = StreamHeads()

    /// Without `resume`, the stream starts with the header. With it, the caller has the first
    /// `resume.bytes` bytes already and passes them to `absorb` before pulling.
    public init(exporter: BundleExporter, plan: BundlePlan, resume: BundleResume? = nil) {
        self.exporter = exporter
        self.plan = plan
        self.pageSize = max(1, plan.manifest.groupSize ?? Self.defaultPageSize)
        if let resume {
            cursor = resume.afterLogIndex
            eventsRead = resume.events
            headerWritten = true
            encoder.absorb([UInt8](), events: resume.events)
        }
        // Nothing to read (an empty period, or a resumed file that holds every event): no
        // page query, which would scan the rest of the log to find nothing.
        exhausted = eventsRead >= plan.manifest.events
    }

    /// Bytes of a resumed file, in order, for the seal.
    public func absorb(_ bytes: [UInt8]) {
        encoder.absorb(bytes)
    }

    public var eventsWritten: Int64 { encoder.eventsWritten }

    deinit {
        // A reader that went away (an HTTP client) asks no further page; a query already sent
        // ends by itself (the driver checks cancellation only when it leases a connection).
        nextPage?.cancel()
    }

    /// The next chunk of lines; nil after the end line.
    public func next() async throws -> [UInt8]? {
        guard !finished else { return nil }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(Self.chunkBytes + 4_096)
        if !headerWritten {
            encoder.write(header: try plan.header(), into: &chunk)
            headerWritten = true
        }
        while chunk.count < Self.chunkBytes {
            if pendingIndex == pending.events.count {
                if !proofWritten {
                    encoder.write(proof: pending.proof, events: pending.events.count, into: &chunk)
                    proofWritten = true
                    continue
                }
                if exhausted { break }
                if let nextPage {
                    self.nextPage = nil
                    // The read-ahead is detached: a cancelled reader must cancel it itself.
                    (pending, heads) = try await withTaskCancellationHandler {
                        try await nextPage.value
                    } onCancel: {
                        nextPage.cancel()
                    }
                } else {
                    (pending, heads) = try await exporter.page(plan, after: cursor, limit: pageSize, heads: heads)
                }
                pendingIndex = 0
                proofWritten = pending.events.isEmpty
                eventsRead += Int64(pending.events.count)
                if pending.events.count < pageSize || eventsRead >= plan.manifest.events {
                    exhausted = true
                } else if let last = pending.events.last {
                    // The page after this one starts after its last event, which is where the
                    // cursor will be once this page is written.
                    // Detached: off this actor, so the read runs while the actor encodes.
                    let (exporter, plan, after, limit, heads) = (self.exporter, self.plan, last.logIndex, pageSize, heads)
                    nextPage = Task.detached { try await exporter.page(plan, after: after, limit: limit, heads: heads) }
                }
                if pending.events.isEmpty { break }
            }
            let event = pending.events[pendingIndex]
            pendingIndex += 1
            encoder.write(event, into: &chunk)
            cursor = event.logIndex
        }
        if exhausted && pendingIndex == pending.events.count && proofWritten {
            // The selection changed under us only if the log tables were altered: the count
            // was taken over the same immutable leaves. Sealing a count that differs from the
            // manifest's would let the verifier report it, which is the honest outcome.
            chunk += try encoder.end()
            finished = true
        }
        return chunk
    }
}
