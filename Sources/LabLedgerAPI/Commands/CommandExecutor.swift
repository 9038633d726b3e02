import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerPrivacy
import Logging
import Metrics
import PostgresNIO

/// One command's decision, as the handler's `prepare` step returns it: the domain command, and
/// claims on other streams that must be written atomically with it (a DOI registered once, a
/// lab's round calendar). A claim is appended at its expected version in the same transaction,
/// so two commands racing for the same DOI cannot both succeed.
struct Decision<Command: Sendable>: Sendable {
    var command: Command
    var claims: [StreamClaim] = []
}

struct StreamClaim: Sendable {
    var stream: StreamName
    var expected: ExpectedVersion
    var type: String
    var data: Data
}

/// Runs a command as docs/architecture.md describes it ("Writing: one command"): load and fold
/// the stream, gather the facts, decide, append at the version that was read; on a concurrent
/// write fold again and decide again, so a rule is always checked against the newest state.
///
/// It knows nothing of HTTP: it answers a `CommandOutcome` (appended, or replayed from the
/// idempotency record) or throws a `CommandRejection`; `HTTP/` maps both to responses.
struct CommandExecutor: Sendable {
    let store: PostgresEventStore
    let logger: Logger
    let idempotency: IdempotencyRecords
    let loader: StreamLoader
    /// Attempts when the stream moves between read and append (without `If-Match`).
    var maxAttempts = 5

    init(store: PostgresEventStore, states: AggregateStateCache, logger: Logger) {
        self.store = store
        self.logger = logger
        idempotency = IdempotencyRecords(client: store.client, logger: logger)
        loader = StreamLoader(store: store, cache: states)
    }

    /// - Parameters:
    ///   - creates: the command starts the stream (answers 201); otherwise the stream must exist.
    ///   - location: where the created resource is read.
    ///   - what: the stream as a person names it, for the rejections.
    ///   - context: who acts, and the request's preconditions.
    ///   - prepare: given the folded state, checks the caller may act on it and returns the
    ///     command with the facts it needs. Runs again on each attempt.
    func run<A: Aggregate>(
        _ aggregate: A.Type, stream: StreamName, creates: Bool, location: String? = nil, what: String,
        context: CommandContext, numbering: ([A.Event]) -> Int? = { _ in nil },
        prepare: (A.State) async throws -> Decision<A.Command>
    ) async throws -> CommandOutcome {
        let principal = context.principal
        for attempt in 1...maxAttempts {
            // Checked again on each attempt: a concurrent request with the same key may have
            // committed while this one lost the race to the stream.
            if let request = context.idempotency,
                let earlier = try await idempotency.answer(for: request, keyID: principal.keyID)
            {
                return earlier
            }
            // A command that starts its stream nearly always finds it empty, so its first
            // attempt takes it as empty without reading it (a round trip of the two such a
            // command makes). Only the append at `.noStream` lets that guess stand; if the stream
            // exists, or the guess leads to any refusal or to nothing to write, the attempt is
            // dropped and the next reads the stream: every answer is the one the read would give.
            let guessingNew = attempt == 1 && creates && context.expectedVersion == nil && !loader.holds(stream)
            // Not a read for the access log: StreamLoader.load opens the events without a reader.
            let loaded = guessingNew ? StreamLoader.Loaded(state: A.initial, version: 0) : try await loader.load(aggregate, stream: stream)
            if !creates, loaded.version == 0 { throw CommandRejection.streamNotFound(what: what) }
            // If-Match is judged only once `prepare` has shown the caller may see and act on the
            // stream: a key that may not see it gets the very 404 of a missing stream, never a
            // 412 with the stream's version. A refusal on the merits (422) of a state the caller
            // has not seen yields to the 412.
            let mismatch = context.expectedVersion.flatMap { $0 == loaded.version ? nil : $0 }
            let decision: Decision<A.Command>
            do {
                decision = try await prepare(loaded.state)
            } catch where guessingNew {
                continue
            } catch let error as any CommandPreparationError where error.yieldsToPrecondition {
                if let mismatch { throw CommandRejection.versionMismatch(expected: mismatch, actual: loaded.version, what: what) }
                throw error
            }
            if let mismatch { throw CommandRejection.versionMismatch(expected: mismatch, actual: loaded.version, what: what) }
            let events: [A.Event]
            do {
                events = try A.decide(decision.command, loaded.state)
            } catch where guessingNew {
                continue
            } catch {
                // A request with the same idempotency key may have committed between the check
                // above and the load (its answer commits with its events): the refusal is then
                // of our own first attempt, and the first answer is the answer.
                if let request = context.idempotency,
                    let earlier = try await idempotency.answer(for: request, keyID: principal.keyID)
                {
                    return earlier
                }
                throw CommandRejection.refusedByRule(error)
            }
            if events.isEmpty && guessingNew { continue }
            guard !events.isEmpty else {
                // Nothing new to record (the decider found it already true): answer the stream as it stands.
                return CommandOutcome(
                    stream: stream.rawValue, version: loaded.version, position: "", events: [], created: false, location: location)
            }
            let data = try events.map { try eventData(A.Codec.encode($0), context: context) }
            do {
                let outcome = try await unwrappingTransactionError {
                    try await append(
                        data, to: stream, at: loaded.version, claims: decision.claims, creates: creates && loaded.version == 0,
                        location: location, number: numbering(events), context: context)
                }
                Counter(label: "labledger_commands_total", dimensions: [("stream", stream.category.rawValue)]).increment()
                Counter(label: "labledger_events_appended_total").increment(by: outcome.events.count)
                return outcome
            } catch where guessingNew {
                // Not only "the stream exists": the store judges a payload (its size, the people
                // it names) before the version, so any refusal of a guess is the guess's.
                loader.forget(stream.rawValue)
                continue
            } catch let error as EventStoreError {
                switch error {
                case .wrongExpectedVersion(let moved, _, _), .concurrentAppend(let moved):
                    // Whatever a cache held for the streams is not trusted again: the next
                    // attempt (or request) folds them from the first event.
                    loader.forget(stream.rawValue)
                    if moved != stream.rawValue { loader.forget(moved) }
                    // A claim stream that moved is no precondition of the caller's: decide again
                    // against the claim as it now stands (the rule then refuses with its code).
                    let isClaim = moved != stream.rawValue
                    if !isClaim, let expected = context.expectedVersion {
                        throw CommandRejection.writtenSince(expected: expected, what: what)
                    }
                    if attempt == maxAttempts { throw CommandRejection.concurrentWrites(what: what) }
                    logger.debug("\(moved) moved under a command; deciding again (attempt \(attempt))")
                    continue
                case .payloadRejected(_, let message):
                    throw CommandRejection.unstorableValue(message)
                case .payloadTooLarge(_, let bytes, let limit):
                    throw CommandRejection.eventTooLarge(bytes: bytes, limit: limit)
                default:
                    throw error
                }
            } catch is IdempotencyRecords.ReplayPending {
                // Another request with this key won; its answer is committed now and the next
                // attempt returns it.
                continue
            }
        }
        // The last attempt may have lost to a request with the same idempotency key.
        if let request = context.idempotency, let earlier = try await idempotency.answer(for: request, keyID: principal.keyID) {
            return earlier
        }
        throw CommandRejection.concurrentWrites(what: what)
    }

    private func eventData(_ encoded: EncodedEvent, context: CommandContext) -> EventData {
        EventData(
            type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data,
            metadata: EventMetadata(
                actor: context.principal.actor, onBehalfOf: context.principal.party?.rawValue,
                correlationID: context.idempotency?.key, requestID: context.requestID))
    }

    private func append(
        _ events: [EventData], to stream: StreamName, at version: Int, claims: [StreamClaim], creates: Bool,
        location: String?, number: Int?, context: CommandContext
    ) async throws -> CommandOutcome {
        let expected: ExpectedVersion = version == 0 ? .noStream : .exact(version)
        /// The token is the transaction's last event's (the claims are appended after the
        /// command's own events), so a read with it sees everything the command wrote.
        func outcome(_ appends: [(stream: String, events: [EventData], result: AppendResult)]) -> CommandOutcome {
            let own = appends[0].result
            let last = appends.last(where: { !$0.result.positions.isEmpty })?.result ?? own
            return CommandOutcome(
                stream: stream.rawValue, version: own.streamVersion, position: PositionToken.token(last.checkpoint),
                events: appends.flatMap { append in
                    zip(append.events, append.result.positions).enumerated().map { index, pair in
                        CommandOutcome.Written(
                            type: pair.0.type, position: pair.1, stream: append.stream,
                            version: append.result.streamVersion - (append.events.count - 1 - index))
                    }
                },
                created: creates, location: creates ? location : nil, number: number)
        }
        // The common case is one statement in its own transaction: no BEGIN/COMMIT round trips.
        if claims.isEmpty, context.idempotency == nil {
            return outcome([(stream.rawValue, events, try await store.append(to: stream.rawValue, expected: expected, events))])
        }
        let answer = try await store.client.withTransaction(logger: logger) { connection in
            var appends = [(stream: stream.rawValue, events: events, result: try await store.append(to: stream.rawValue, expected: expected, events, on: connection))]
            for claim in claims {
                let claimEvent = EventData(
                    type: claim.type, data: claim.data,
                    metadata: EventMetadata(
                        actor: context.principal.actor, onBehalfOf: context.principal.party?.rawValue, requestID: context.requestID))
                let claimed = try await store.append(to: claim.stream.rawValue, expected: claim.expected, [claimEvent], on: connection)
                appends.append((claim.stream.rawValue, [claimEvent], claimed))
            }
            let answer = outcome(appends)
            if let request = context.idempotency {
                try await idempotency.record(answer, for: request, keyID: context.principal.keyID, on: connection)
            }
            return answer
        }
        store.notifySubscribers()
        return answer
    }
}
