import Foundation
import Synchronization

/// The last version and hash this process saw of recently used streams. A version's hash never
/// changes, so an entry can be old but never wrong: it only saves the query that fetches the
/// previous hash before an append.
final class StreamHeads: Sendable {
    struct Head: Sendable, Equatable {
        var version: Int
        var hash: Data
    }

    private let heads = Mutex<[String: Head]>([:])
    private let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    func head(of stream: String) -> Head? {
        heads.withLock { $0[stream] }
    }

    func remember(_ head: Head, of stream: String) {
        heads.withLock { heads in
            if heads.count >= capacity, heads[stream] == nil {
                // A plain reset keeps this cheap; the cost of a miss is one indexed read.
                heads.removeAll(keepingCapacity: true)
            }
            if let known = heads[stream], known.version > head.version { return }
            heads[stream] = head
        }
    }

    func forget(_ stream: String) {
        heads.withLock { _ = $0.removeValue(forKey: stream) }
    }
}
