import EventStore
import Foundation
import LabLedgerAudit

/// The point in the past a query answers as of: `at` (or `asOf`) and `axis` of the request.
///
/// - `log:<n>`: the events with log index ≤ n (the Merkle log's order; n below the tree size).
/// - `position:<p>`: the events at global position ≤ p (p at most the newest position).
/// - an RFC 3339 timestamp: on `axis=recorded` (the default) the events recorded at or before
///   it, the ledger as it knew things then; on `axis=occurred` the events that occurred at or
///   before it whenever they were recorded, the world as the ledger now knows it was then.
///   Not after the server's clock.
///
/// `log:` and `position:` are points of the recording order, so they take `axis=recorded`
/// only. Absent, the answer is as of now.
enum TimeTravel {
    enum Axis: String { case recorded, occurred }

    static func point(
        _ at: String?, axis rawAxis: String?, atPointer: String, store: PostgresEventStore, log: AuditLog, now: Date = Date()
    ) async throws -> HistoryPoint {
        var fields = Fields()
        var axis = Axis.recorded
        if let rawAxis {
            if let parsed = Axis(rawValue: rawAxis) {
                axis = parsed
            } else {
                fields.fail("#query/axis", code: "history.invalid-axis", "axis is 'recorded' or 'occurred', not '\(rawAxis.prefix(60))'.")
            }
        }
        guard let at else {
            guard fields.ok else { throw fields.failure }
            return .head
        }
        var point: HistoryPoint?
        if let index = number(at, prefix: "log:") {
            let size = try await log.treeSize()
            fields.require(index < size, atPointer, code: "history.beyond-head", "log:\(index) is beyond the log, which holds log indexes 0 to \(size - 1) (\(size) events sequenced).")
            point = .logIndex(index)
        } else if let position = number(at, prefix: "position:") {
            let head = try await store.headPosition()
            fields.require(position >= 1 && position <= head, atPointer, code: "history.beyond-head", "position:\(position) is not a position of the history, which runs from 1 to \(head).")
            point = .position(position)
        } else if let micros = RFC3339.microseconds(at) {
            let nowMicros = Int64(now.timeIntervalSince1970 * 1_000_000)
            fields.require(micros <= nowMicros, atPointer, code: "history.beyond-head", "\(at) is in the future; the history ends now.")
            point = axis == .occurred ? .occurredAt(micros) : .recordedAt(micros)
        } else {
            fields.fail(atPointer, code: "history.invalid-point", "Give 'log:<index>', 'position:<global position>' or an RFC 3339 timestamp with an offset (e.g. 2019-06-01T00:00:00Z); '\(at.prefix(60))' is none of them.")
        }
        if axis == .occurred, at.hasPrefix("log:") || at.hasPrefix("position:") {
            fields.fail("#query/axis", code: "history.axis-needs-timestamp", "log: and position: are points of the recording order; axis=occurred needs a timestamp.")
        }
        guard fields.ok, let point else { throw fields.failure }
        return point
    }

    /// The decimal after `prefix`, if `text` is exactly that.
    private static func number(_ text: String, prefix: String) -> Int64? {
        guard text.hasPrefix(prefix) else { return nil }
        let digits = text.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int64(digits)
    }
}
