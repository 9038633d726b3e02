import EventStore
import PostgresNIO

/// A few numbers an operator wants first.
public struct StoreStatus: Sendable {
    public var events: Int
    public var streams: Int
    public var watermarkAgeSeconds: Double

    public var summary: String {
        "\(events) events in \(streams) streams; gap-safe watermark held back \(String(format: "%.1f", watermarkAgeSeconds)) s"
    }

    public static func read(from store: PostgresEventStore) async throws -> StoreStatus {
        let rows = try await store.client.query("SELECT count(*), count(DISTINCT stream_id) FROM events")
        var status = StoreStatus(events: 0, streams: 0, watermarkAgeSeconds: 0)
        for try await (events, streams) in rows.decode((Int, Int).self) {
            status.events = events
            status.streams = streams
        }
        status.watermarkAgeSeconds = try await store.watermarkAge()
        return status
    }
}
