import Foundation
import HTTPTypes
import Hummingbird
import LabLedgerAPI
import LabLedgerContract
import OpenAPIRuntime

/// An auditor's pages: the history as a timeline with the API's filters, one stream's events
/// (actor, correlation) and its state as of a date, and the verifiable history — the latest
/// signed checkpoint, a "verify now" result and the evidence-bundle download.
struct AuditorPages: Sendable {
    let console: Console

    func register(on group: RouterGroup<BasicRequestContext>) {
        let c = console
        group.get("history") { request, _ in try await c.page(request) { try await self.history($0, $1) } }
        group.get("streams/:stream") { request, context in
            let stream = context.parameters.get("stream") ?? ""
            return try await c.page(request) { try await self.stream($0, $1, stream: stream) }
        }
        group.get("audit") { request, _ in try await c.page(request) { try await self.verification($0, $1) } }
        group.get("audit/bundle") { request, _ in try await c.page(request) { try await self.bundle($0, $1) } }
    }

    struct EventRow {
        let checkpoint: String; let occurredAt: String; let recordedAt: String; let stream: String; let version: Int; let type: String
        let actor: String; let onBehalfOf: String; let hasOnBehalfOf: Bool; let correlation: String; let hasCorrelation: Bool; let causation: String; let request: String; let data: String
        let logIndex: String
    }

    /// `2019-06-01T10:00:00Z`: a new formatter per call (ISO8601DateFormatter is not Sendable).
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func row(_ event: Components.Schemas.RecordedEvent) -> EventRow {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(event.data)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return EventRow(
            checkpoint: event.checkpoint, occurredAt: timestamp(event.occurredAt), recordedAt: timestamp(event.recordedAt),
            stream: event.stream, version: event.version, type: event._type, actor: event.metadata.actor ?? "",
            onBehalfOf: event.metadata.onBehalfOf ?? "", hasOnBehalfOf: event.metadata.onBehalfOf != nil,
            correlation: event.metadata.correlationId ?? "", hasCorrelation: event.metadata.correlationId != nil,
            causation: event.metadata.causationId ?? "", request: event.metadata.requestId ?? "", data: data,
            logIndex: event.logIndex.map(String.init) ?? "")
    }

    // MARK: History

    struct Filters: Sendable {
        var types = ""
        var category = ""
        var party = ""
        var occurredFrom = ""
        var occurredTo = ""
        var recordedFrom = ""
        var recordedTo = ""

        init(_ query: [String: String]) {
            types = query["types"] ?? ""
            category = query["category"] ?? ""
            party = query["party"] ?? ""
            occurredFrom = query["occurredFrom"] ?? ""
            occurredTo = query["occurredTo"] ?? ""
            recordedFrom = query["recordedFrom"] ?? ""
            recordedTo = query["recordedTo"] ?? ""
        }

        static func list(_ text: String) -> [String]? {
            let values = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            return values.isEmpty ? nil : values
        }

        static func value(_ text: String) -> String? { text.isEmpty ? nil : text }

        /// The filters as query parameters, for the next page's and the sort headers' links.
        var parameters: [(String, String)] {
            [
                ("types", types), ("category", category), ("party", party), ("occurredFrom", occurredFrom), ("occurredTo", occurredTo),
                ("recordedFrom", recordedFrom), ("recordedTo", recordedTo),
            ]
        }
    }

    struct HistoryView {
        let frame: Frame
        let filters: Filters
        let events: [EventRow]
        let empty: Bool
        let headers: [TableSort.Header]
        let nextLink: String
        let hasNext: Bool
        let errors: FieldErrors
    }

    static let historyColumns: [TableSort.Column] = [
        .init(key: "occurred", label: "Occurred"), .init(key: "recorded", label: "Recorded"), .init(key: "type", label: "Type"),
        .init(key: "stream", label: "Stream"), .init(key: "actor", label: "Actor"), .init(key: "checkpoint", label: "Checkpoint"),
    ]

    static func sortValue(_ row: EventRow, _ column: String) -> String {
        switch column {
        case "occurred": row.occurredAt
        case "recorded": row.recordedAt
        case "type": row.type
        // With its version, so a stream's events stay in order among themselves.
        case "stream": "\(row.stream) \(row.version)"
        case "actor": row.actor
        default: row.checkpoint
        }
    }

    func history(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        var given: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { given[String(name)] = String(value) }
        let filters = Filters(given)
        var events: [EventRow] = []
        var next: String?
        var errors = FieldErrors()
        do {
            let page = try await console.api.read(as: session.principal, requestID: Console.requestID()) {
                try await $0.listEvents(.init(query: .init(
                    after: given["after"], limit: 50, types: Filters.list(filters.types), category: Filters.list(filters.category),
                    party: Filters.value(filters.party), occurredFrom: Filters.value(filters.occurredFrom),
                    occurredTo: Filters.value(filters.occurredTo), recordedFrom: Filters.value(filters.recordedFrom),
                    recordedTo: Filters.value(filters.recordedTo))))
            }.ok.body.json
            events = page.items.map(Self.row)
            next = page.next
        } catch let problem as Problem where problem.status == .badRequest {
            errors = FieldErrors(problem)
        }
        let sort = TableSort(Self.historyColumns, sort: given["sort"], dir: given["dir"])
        errors.add(sort.errors)
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "History", path: request.uri.path, freshness: freshness)
        events = sort.apply(events, Self.sortValue)
        let path = "/console/history"
        let nextLink = next.map { TableSort.link(path, filters.parameters + [("after", $0)] + sort.parameters) } ?? ""
        let headers = sort.headers(path: path, keep: filters.parameters + [("after", given["after"] ?? "")])
        return try console.render(
            HistoryView(
                frame: frame, filters: filters, events: events, empty: events.isEmpty, headers: headers, nextLink: nextLink, hasNext: next != nil,
                errors: errors),
            "history", status: errors.isEmpty ? .ok : .badRequest)
    }

    // MARK: One stream

    struct StreamView {
        let frame: Frame
        let stream: String
        let events: [EventRow]
        let next: String
        let hasNext: Bool
        let at: String
        let axis: String
        let hasState: Bool
        let state: String
        let stateSummary: String
        let errors: FieldErrors
    }

    func stream(_ request: Request, _ session: ConsoleSession, stream: String) async throws -> Response {
        let principal = session.principal
        let after = request.uri.queryParameters.get("after").flatMap(Int.init)
        let page = try await console.api.read(as: principal, requestID: Console.requestID()) {
            try await $0.listStreamEvents(.init(path: .init(streamId: stream), query: .init(after: after, limit: 100)))
        }.ok.body.json
        let at = request.uri.queryParameters.get("at") ?? ""
        let axis = request.uri.queryParameters.get("axis") ?? "recorded"
        var state = ""
        var summary = ""
        var errors = FieldErrors()
        if !at.isEmpty {
            do {
                let answer = try await console.api.read(as: principal, requestID: Console.requestID()) {
                    try await $0.getStreamState(.init(path: .init(streamId: stream), query: .init(at: at, axis: axis)))
                }.ok.body.json
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                state = (try? encoder.encode(answer.state)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                summary = "\(answer.events) event\(answer.events == 1 ? "" : "s") folded, version \(answer.version), \(answer.axis.rawValue) axis"
            } catch let problem as Problem where problem.status == .badRequest {
                errors = FieldErrors(problem)
            }
        }
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Stream \(stream)", path: request.uri.path, freshness: freshness)
        let next = page.next ?? ""
        return try console.render(
            StreamView(
                frame: frame, stream: stream, events: page.items.map(Self.row), next: next, hasNext: !next.isEmpty, at: at, axis: axis,
                hasState: !state.isEmpty, state: state, stateSummary: summary, errors: errors),
            "stream")
    }

    // MARK: Verification and evidence

    struct VerificationView {
        let frame: Frame
        let hasCheckpoint: Bool
        let note: String
        let treeSize: String
        let rootHash: String
        let verdicts: [LogCheck.Verdict]
        let verified: Bool
        let message: String
        let from: String
        let to: String
    }

    func verification(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        let check = try await LogCheck(api: console.api, principal: session.principal).run()
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Verification", path: request.uri.path, freshness: freshness)
        return try console.render(
            VerificationView(
                frame: frame, hasCheckpoint: check.note != nil, note: check.note ?? "", treeSize: check.treeSize.map(String.init) ?? "",
                rootHash: check.rootHash ?? "", verdicts: check.verdicts, verified: check.verified, message: check.message,
                // The demo's history starts in 2018; the form's fields can be changed.
                from: "2018-01-01", to: Days.today().rawValue),
            "audit")
    }

    /// The evidence bundle of a period, streamed from the API's own export as a download.
    func bundle(_ request: Request, _ session: ConsoleSession) async throws -> Response {
        let query = request.uri.queryParameters
        let from = query.get("from") ?? ""
        let to = query.get("to") ?? ""
        let party = query.get("party").flatMap { $0.isEmpty ? nil : $0 }
        let axis = query.get("axis").flatMap { $0.isEmpty ? nil : $0 }
        let body = try await console.api.read(as: session.principal, requestID: Console.requestID()) {
            try await $0.getEvidenceBundle(.init(query: .init(from: from, to: to, axis: axis, party: party)))
        }.ok.body.applicationXNdjson
        var response = Response(status: .ok, body: ResponseBody(asyncSequence: body.map { ByteBuffer(bytes: $0) }))
        response.headers[.contentType] = "application/x-ndjson"
        response.headers[.cacheControl] = "no-store"
        let name = "labledger-evidence-\(from)-\(to)".filter { $0.isLetter || $0.isNumber || $0 == "-" }
        response.headers[.contentDisposition] = "attachment; filename=\"\(name).ndjson\""
        return response
    }
}
