import EventStore
import Foundation

/// What a command answers: the stream it wrote, its version after, the position token of the
/// transaction's last event and every event the transaction appended (claims on other streams
/// included). Stored as JSON as the idempotent replay answer.
struct CommandOutcome: Sendable, Codable, Equatable {
    struct Written: Sendable, Codable, Equatable {
        var type: String
        var position: Int64
        /// Nil in answers stored before claims were answered; those held only the command's
        /// own stream, so `CommandOutcome.written` can still tell each event's stream and version.
        var stream: String?
        var version: Int?
    }

    var stream: String
    var version: Int
    var position: String
    var events: [Written]
    /// 201 for a command that started its stream, 200 otherwise.
    var created: Bool
    /// Where the created resource is read (`Location`).
    var location: String?
    /// True when this is the stored first answer to a retried `Idempotency-Key`.
    var replayed: Bool = false
    /// The number the ledger gave what the command made, where the caller cannot name it
    /// itself (an IP asset's option).
    var number: Int?

    /// Every written event with its stream and version.
    var written: [Written] {
        events.enumerated().map { index, event in
            var event = event
            if event.stream == nil {
                event.stream = stream
                event.version = version - (events.count - 1 - index)
            }
            return event
        }
    }

    var etag: String { "\"\(version)\"" }
}
