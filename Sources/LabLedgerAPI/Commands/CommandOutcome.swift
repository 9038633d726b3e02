import EventStore
import Foundation

/// What a command answers: the stream it wrote, its version after, the position token of its
/// last event and the events it appended. Stored as JSON as the idempotent replay answer.
struct CommandOutcome: Sendable, Codable, Equatable {
    struct Written: Sendable, Codable, Equatable {
        var type: String
        var position: Int64
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

    var etag: String { "\"\(version)\"" }
}
