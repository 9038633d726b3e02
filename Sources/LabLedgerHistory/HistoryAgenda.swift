/// The story's to-do list: activities ordered by story day, then by the order they were
/// scheduled. A binary heap keeps a million scheduled steps cheap, and the sequence number
/// makes the order — and so the whole history — independent of the heap's internals.
struct HistoryAgenda: Sendable {
    struct Entry: Sendable {
        let day: Int
        let sequence: Int
        /// The lab whose story this step belongs to, to attribute its events; nil for the census.
        let lab: Int?
        let activity: HistoryActivity

        func precedes(_ other: Entry) -> Bool {
            day != other.day ? day < other.day : sequence < other.sequence
        }
    }

    private var heap: [Entry] = []
    private var nextSequence = 0

    var isEmpty: Bool { heap.isEmpty }

    mutating func schedule(_ activity: HistoryActivity, on day: Int, lab: Int?) {
        heap.append(Entry(day: day, sequence: nextSequence, lab: lab, activity: activity))
        nextSequence += 1
        siftUp(heap.count - 1)
    }

    mutating func popFirst() -> Entry? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return first
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            let right = left + 1
            var first = left
            if right < heap.count, heap[right].precedes(heap[left]) { first = right }
            guard heap[first].precedes(heap[parent]) else { return }
            heap.swapAt(first, parent)
            parent = first
        }
    }
}
