import EventStore
import PostgresNIO

/// A few numbers an operator wants first.
struct StoreStatus {
    var events: Int
    var streams: Int
    var watermarkAgeSeconds: Double

    var summary: String {
        "\(events) events in \(streams) streams; gap-safe watermark held back \(String(format: "%.1f", watermarkAgeSeconds)) s"
    }

    static func read(from store: PostgresEventStore) async throws -> StoreStatus {
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
