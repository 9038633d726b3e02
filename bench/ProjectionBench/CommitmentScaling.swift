import BenchSupport
import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerProjections
import LabLedgerReadModels
import Logging
import PostgresNIO

/// One commitment stream grown to each length, and what the `funding` projection takes per new
/// disbursement at that length: the time from a one-event append returning to the projection's
/// checkpoint passing it, with only that projection running. A read model whose work per event
/// is independent of the stream's length takes about as long at 10,000 disbursements as at 10.
struct CommitmentScaling {
    struct Point: Sendable {
        var length: Int
        var samples: LatencySamples
    }

    let store: PostgresEventStore
    let database: DatabaseConfig
    let logger: Logger
    /// One-event appends timed at each length.
    var probes = 60

    func run(lengths: [Int]) async throws -> [Point] {
        let stream = "commitment-bench-scaling"
        let worker = ProjectionWorker(projectors: [StreamProjector(FundingReadModel.projection)], store: store, logger: logger)
        let running = Task { try await worker.run() }
        defer { running.cancel() }
        let committed = try FundingEventCodec.encode(.committed(FundingCommitted(
            commitment: try CommitmentID(parsing: "bench-scaling"), agreement: try AgreementID(parsing: "bench-agreement"),
            funder: try PartyID(parsing: "bench-funder"), purpose: .phdStipend,
            amount: .cash(Money(minorUnits: .max / 2, currency: try CurrencyCode(parsing: "CNY"))),
            period: try DateRange(from: try LocalDate(parsing: "2018-09-01"), to: nil))))
        var version = try await store.append(to: stream, expected: .noStream, [Self.event(committed)]).streamVersion
        var disbursements = 0
        var points: [Point] = []
        // One connection polls the checkpoint throughout, so no probe pays for a connection.
        try await DatabaseSetup.withConnection(database, logger: logger) { connection in
            for length in lengths.sorted() {
                // Grown to `length` in appends of up to 1,000 events (the store's limit), then
                // caught up on; the probes then run from `length` to `length + probes`.
                while disbursements < length {
                    let count = min(1_000, length - disbursements)
                    let events = try (0..<count).map { offset in try Self.disbursement(disbursements + offset) }
                    let result = try await store.append(to: stream, expected: .exact(version), events)
                    version = result.streamVersion
                    disbursements += count
                    try await waitFor(result.checkpoint, on: connection)
                }
                var samples = LatencySamples()
                let first = disbursements
                for _ in 0..<probes {
                    let result = try await store.append(to: stream, expected: .exact(version), [try Self.disbursement(disbursements)])
                    let appended = ContinuousClock.now
                    version = result.streamVersion
                    disbursements += 1
                    try await waitFor(result.checkpoint, on: connection)
                    samples.record(ContinuousClock.now - appended)
                }
                points.append(Point(length: first, samples: samples))
            }
        }
        return points
    }

    /// Polls the funding checkpoint every half millisecond until it is at or past `checkpoint`.
    private func waitFor(_ checkpoint: Checkpoint, on connection: PostgresConnection) async throws {
        while true {
            let rows = try await connection.query(
                "SELECT checkpoint_transaction::text, checkpoint_position FROM projections WHERE name = 'funding'", logger: logger)
            for try await (transaction, position) in rows.decode((String, Int64).self) {
                if Checkpoint(transactionID: UInt64(transaction) ?? 0, position: position) >= checkpoint { return }
            }
            try await Task.sleep(for: .microseconds(500))
        }
    }

    private static func disbursement(_ index: Int) throws -> EventData {
        event(try FundingEventCodec.encode(.disbursementRecorded(DisbursementRecorded(
            amount: .cash(Money(minorUnits: 150_000, currency: try CurrencyCode(parsing: "CNY"))),
            valueDate: try LocalDate(parsing: "2019-01-31"), reference: "stipend-\(index)"))))
    }

    private static func event(_ encoded: EncodedEvent) -> EventData {
        EventData(type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data, metadata: EventMetadata(actor: "bench"))
    }
}
