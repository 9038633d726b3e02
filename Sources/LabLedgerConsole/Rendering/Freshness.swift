import EventStore
import Foundation
import LabLedgerProjections
import Logging
import PostgresNIO

/// The read models' freshness as a page states it: the checkpoint every projection has
/// reached (the lowest of them) and how many events are still to be applied.
struct Freshness: Sendable, Equatable {
    let checkpoint: String
    let behind: Int64
    let projections: Int

    var text: String {
        guard projections >= 0 else { return "" }
        guard projections > 0 else { return "No projection has run yet: the read models are empty." }
        let lag = behind == 0 ? "up to date with the history" : "\(behind) event\(behind == 1 ? "" : "s") behind the history"
        return "Read models at checkpoint \(checkpoint) (\(projections) projections, \(lag))."
    }

    init(checkpoint: String, behind: Int64, projections: Int) {
        self.checkpoint = checkpoint
        self.behind = behind
        self.projections = projections
    }

    init(statuses: [ProjectionStatus]) {
        projections = statuses.count
        checkpoint = statuses.map(\.checkpoint).min().map(Self.describe) ?? "0.0"
        behind = statuses.map(\.lagEvents).max() ?? 0
    }

    /// `<transaction>.<position>` as the API's position tokens read; a projection that has read
    /// past the watermark stands at the largest position of a transaction, said in words.
    static func describe(_ checkpoint: Checkpoint) -> String {
        checkpoint.position == .max ? "\(checkpoint.transactionID) (every transaction up to it)" : checkpoint.description
    }

    /// One query: the projections' status, as `labledger status` and the metrics read it.
    static func read(_ client: PostgresClient, logger: Logger) async throws -> Freshness {
        let statuses = try await client.withConnection { try await ProjectionStatus.all(on: $0, logger: logger) }
        return Freshness(statuses: statuses)
    }
}
