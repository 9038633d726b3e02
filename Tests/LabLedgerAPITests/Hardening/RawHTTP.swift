import Foundation
import NIOCore
import NIOPosix

/// Talks HTTP/1.1 as bytes to a live server, for what a client library would not send: heads
/// that never end, bodies that stall, request lines of 100 KB, hundreds of idle connections.
enum RawHTTP {
    /// Opens a connection and leaves it to the caller, who must close it.
    static func open(port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port).get()
    }

    /// Sends `chunks` (each after `pause`), then reads until the server closes, and answers all
    /// it said; "" when it closed without a word.
    struct NoEnd: Error, CustomStringConvertible {
        var description: String { "the server neither answered nor closed within 60 s" }
    }

    /// As below, but a server that never closes fails the test instead of hanging the run.
    static func exchange(port: Int, _ chunks: [String], pause: Duration = .zero) async throws -> String {
        try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { try await talk(port: port, chunks, pause: pause) }
            group.addTask { try await Task.sleep(for: .seconds(60)); return nil }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else { throw NoEnd() }
            return answer
        }
    }

    private static func talk(port: Int, _ chunks: [String], pause: Duration) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            for chunk in chunks {
                try await outbound.write(ByteBuffer(string: chunk))
                if pause > .zero { try await Task.sleep(for: pause) }
            }
            var received = ""
            do {
                for try await buffer in inbound { received += String(buffer: buffer) }
            } catch let error as IOError where error.errnoCode == ECONNRESET {
                // A server that closes with unread bytes resets; what arrived before counts.
            }
            return received
        }
    }

    /// The status code of a raw response, 0 when there was none.
    static func status(of response: String) -> Int {
        let parts = response.split(separator: " ", maxSplits: 2)
        return parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    }

    static func header(_ name: String, of response: String) -> String? {
        for line in response.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == name.lowercased() {
                return pair[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    static func body(of response: String) -> String {
        guard let range = response.range(of: "\r\n\r\n") else { return "" }
        return String(response[range.upperBound...])
    }
}
