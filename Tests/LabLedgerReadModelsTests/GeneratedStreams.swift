import LabLedgerHistory
import LabLedgerReadModels

/// A generated history as a worker would be handed it: per stream, in order of first appearance,
/// its events as `ProjectableEvent`s, positions counting every event of the history.
enum GeneratedStreams {
    static func of(seed: UInt64, events: Int) -> [(id: String, events: [ProjectableEvent])] {
        var streams: [String: [ProjectableEvent]] = [:]
        var order: [String] = []
        var position: Int64 = 0
        for append in HistoryGenerator(seed: seed, events: events) {
            let stream = append.stream.rawValue
            if streams[stream] == nil { order.append(stream) }
            for (offset, event) in append.events.enumerated() {
                position += 1
                streams[stream, default: []].append(ProjectableEvent(
                    position: position, streamID: stream, streamVersion: append.expectedVersion + offset + 1, type: event.type,
                    schemaVersion: event.schemaVersion, data: event.data, occurredAt: append.occurredAt, actor: "history"))
            }
        }
        return order.map { ($0, streams[$0] ?? []) }
    }
}
