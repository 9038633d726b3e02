import Foundation
import Synchronization

/// The last version and hash this process saw of recently used streams. A version's hash never
/// changes, so an entry can be old but never wrong: it only saves the query that fetches the
/// previous hash before an append. Keys are the stream id's UTF-8 bytes, because PostgreSQL
/// compares ids byte by byte while Swift's String equality would merge NFC and NFD spellings.
final class StreamHeads: Sendable {
    struct Head: Sendable, Equatable {
        var version: Int
        var hash: Data
    }

    private let heads = Mutex<[Data: Head]>([:])
    private let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    func head(of stream: String) -> Head? {
        heads.withLock { $0[Data(stream.utf8)] }
    }

    func remember(_ head: Head, of stream: String) {
        let key = Data(stream.utf8)
        heads.withLock { heads in
            if heads.count >= capacity, heads[key] == nil {
                // A plain reset keeps this cheap; the cost of a miss is one indexed read.
                heads.removeAll(keepingCapacity: true)
            }
            if let known = heads[key], known.version > head.version { return }
            heads[key] = head
        }
    }

    func forget(_ stream: String) {
        heads.withLock { _ = $0.removeValue(forKey: Data(stream.utf8)) }
    }
}
