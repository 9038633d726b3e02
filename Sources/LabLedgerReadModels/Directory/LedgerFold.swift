import Foundation

/// Which event a document last folded: its stream version is the API's ETag, its global
/// position tells how fresh the row is.
struct LedgerStamp: Codable, Sendable, Equatable {
    let version: Int
    let position: Int64

    init(_ event: ProjectableEvent) {
        version = event.streamVersion
        position = event.position
    }

    /// The stamp after `event`. The worker hands each event once and in stream order, so an
    /// event at or before the one already folded means the history and the document disagree.
    func next(_ event: ProjectableEvent) throws -> LedgerStamp {
        guard event.streamVersion > version else {
            throw LedgerFold.outOfOrder(event, "version \(event.streamVersion) is not after the folded version \(version)")
        }
        return LedgerStamp(event)
    }
}

/// The checks every model of the directory, outputs and deadlines projections repeats.
enum LedgerFold {
    static func outOfOrder(_ event: ProjectableEvent, _ reason: String) -> ReadModelError {
        .outOfOrder(streamID: event.streamID, type: event.type, reason: reason)
    }

    /// The document a non-creation event applies to.
    static func existing<Document>(_ document: Document?, _ event: ProjectableEvent) throws -> Document {
        guard let document else { throw outOfOrder(event, "the stream has no creation event before it") }
        return document
    }

    /// Refuses a second creation event: the decider never writes one.
    static func requireNew<Document>(_ document: Document?, _ event: ProjectableEvent) throws {
        guard document == nil else { throw outOfOrder(event, "the stream was already created") }
    }
}
