import EventStore
import Foundation
import LabLedgerContract
import LabLedgerDomain
import OpenAPIRuntime

/// The auditor's view: the whole history in gap-safe order, and one stream's history. Party
/// keys have no access: the global log interleaves every party's streams.
extension APIHandler {
    static let historyReaders: Set<Principal.Role> = [.admin, .operator, .auditor]
    /// A JSON page stops adding events once this much event data (`data` as JSON text) is in
    /// it, whatever `limit` says; it always holds at least one event.
    static let historyPageMaxBytes = 1_048_576

    func listEvents(_ input: Operations.ListEvents.Input) async throws -> Operations.ListEvents.Output {
        try requireHistoryReader()
        var after = Checkpoint.start
        if let token = input.query.after {
            guard let checkpoint = PositionToken.checkpoint(from: token) else {
                throw Problem.invalid("#query/after", code: "invalid-cursor", "Not a cursor of the history; pass `next` (or an event's `checkpoint`).")
            }
            after = checkpoint
        }
        if let limit = input.query.limit, limit < 1 {
            throw Problem.invalid("#query/limit", code: "invalid-limit", "limit is at least 1.")
        }
        let filter = try HistoryFilterQuery.parse(input.query)
        if Self.prefersNDJSON(input.headers.accept) {
            return .ok(.init(body: .applicationXNdjson(HistoryStream.body(
                store: store, log: auditLog, after: after, limit: input.query.limit, filter: filter))))
        }
        let limit = input.query.limit ?? 100
        guard limit <= 1_000 else { throw Problem.invalid("#query/limit", code: "invalid-limit", "limit is 1 to 1000 for JSON pages.") }
        let page = try await store.readAll(after: after, limit: limit, maxBytes: Self.historyPageMaxBytes, filter: filter)
        let items = try await HistoryJSON.schemas(page.events, log: auditLog)
        let next = page.isFull ? page.events.last.map { PositionToken.token($0.checkpoint) } : nil
        return .ok(.init(body: .json(.init(items: items, next: next, resume: PositionToken.token(page.resumeAt)))))
    }

    func listStreamEvents(_ input: Operations.ListStreamEvents.Input) async throws -> Operations.ListStreamEvents.Output {
        try requireHistoryReader()
        let stream = input.path.streamId
        let limit = try PageSize.parse(input.query.limit)
        let after = input.query.after ?? 0
        guard (0..<Int(Int32.max)).contains(after) else {
            throw Problem.invalid("#query/after", "after is a stream version, 0 to \(Int32.max - 1).")
        }
        let events: [RecordedEvent]
        do {
            events = try await store.readStream(stream, from: after + 1, limit: limit, maxBytes: Self.historyPageMaxBytes)
        } catch let error as EventStoreError {
            throw Problem.invalid("#path/streamId", "\(error)")
        }
        let version = try await store.currentVersion(of: stream)
        guard version > 0 else { throw Problem.notFound("Stream '\(stream)'") }
        let cut = HistoryJSON.isCut(events, limit: limit, maxBytes: Self.historyPageMaxBytes)
        let next = cut ? events.last.map { String($0.streamVersion) } : nil
        return .ok(.init(
            headers: .init(eTag: "\"\(version)\""),
            body: .json(.init(items: try await HistoryJSON.schemas(events, log: auditLog), next: next))))
    }

    /// ndjson only when asked for above JSON: without an Accept header the generated server
    /// lists every type the operation offers.
    static func prefersNDJSON(_ accept: [AcceptHeaderContentType<Operations.ListEvents.AcceptableContentType>]) -> Bool {
        guard let ndjson = accept.first(where: { $0.contentType == .applicationXNdjson }) else { return false }
        guard let json = accept.first(where: { $0.contentType == .json }) else { return true }
        return ndjson.quality.doubleValue > json.quality.doubleValue
    }

    func requireHistoryReader() throws {
        let principal = try Access.reader()
        guard Self.historyReaders.contains(principal.role) else {
            throw Problem.forbidden("The full history is for admins, operators and auditors; \(IndefiniteArticle.before(principal.role.rawValue)) key reads its own party's resources.")
        }
    }
}
