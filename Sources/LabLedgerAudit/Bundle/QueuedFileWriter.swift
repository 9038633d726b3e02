import Dispatch
import Foundation

/// Writes a file's chunks on a serial queue of its own. A `write` to a file can block (copying
/// into the page cache, or the kernel holding back a writer of many dirty pages): on a thread of
/// Swift's cooperative pool it stalled the encoding of the next chunk and the read of the next
/// page with it (strace: 2.5–4.2 s of a 1,000,000-event export's 10 s in `write`). Here the
/// caller encodes chunk k + 1 while chunk k is written, and waits for a write only before it
/// starts the next one, so at most one chunk is in flight.
struct QueuedFileWriter: Sendable {
    let handle: FileHandle
    private let queue = DispatchQueue(label: "labledger.export.file-writer")

    init(handle: FileHandle) {
        self.handle = handle
    }

    /// Starts writing `chunk` and returns at once; `value` of the task finishes with the write.
    func start(_ chunk: [UInt8]) -> Task<Void, any Error> {
        let (handle, queue) = (self.handle, self.queue)
        return Task {
            try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
                queue.async {
                    do {
                        try handle.write(contentsOf: chunk)
                        done.resume()
                    } catch {
                        done.resume(throwing: error)
                    }
                }
            }
        }
    }
}
