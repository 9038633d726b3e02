/// A map that holds at most `capacity` entries and, to make room, drops the one used least
/// recently; as a value (no lock, no I/O), so its bound and eviction are tested on their own.
/// Every operation is O(1): the entries sit in one array, chained from newest to oldest by index.
struct LRUMap<Key: Hashable, Value> {
    fileprivate struct Node {
        var key: Key
        /// nil once removed (the slot waits in `free`), so a removed value is not kept alive.
        var value: Value?
        var older: Int?
        var newer: Int?
    }

    let capacity: Int
    private var nodes: [Node] = []
    private var slots: [Key: Int] = [:]
    private var free: [Int] = []
    private var newest: Int?
    private var oldest: Int?

    /// A capacity of 0 holds nothing.
    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    var count: Int { slots.count }

    /// The value for `key`, which becomes the most recently used.
    mutating func value(for key: Key) -> Value? {
        guard let slot = slots[key] else { return nil }
        unlink(slot)
        pushNewest(slot)
        return nodes[slot].value
    }

    /// The value for `key` without counting it as a use.
    func peek(_ key: Key) -> Value? {
        slots[key].flatMap { nodes[$0].value }
    }

    /// Sets `key`'s value as the most recently used; answers the key evicted to make room.
    @discardableResult
    mutating func set(_ value: Value, for key: Key) -> Key? {
        guard capacity > 0 else { return nil }
        if let slot = slots[key] {
            nodes[slot].value = value
            unlink(slot)
            pushNewest(slot)
            return nil
        }
        var evicted: Key?
        if slots.count >= capacity, let oldest {
            evicted = nodes[oldest].key
            remove(at: oldest)
        }
        let node = Node(key: key, value: value, older: nil, newer: nil)
        let slot: Int
        if let reused = free.popLast() {
            nodes[reused] = node
            slot = reused
        } else {
            nodes.append(node)
            slot = nodes.count - 1
        }
        slots[key] = slot
        pushNewest(slot)
        return evicted
    }

    @discardableResult
    mutating func remove(_ key: Key) -> Value? {
        guard let slot = slots[key] else { return nil }
        let value = nodes[slot].value
        remove(at: slot)
        return value
    }

    /// The keys from most to least recently used.
    var keysByRecency: [Key] {
        var keys: [Key] = []
        var cursor = newest
        while let slot = cursor {
            keys.append(nodes[slot].key)
            cursor = nodes[slot].older
        }
        return keys
    }

    private mutating func remove(at slot: Int) {
        unlink(slot)
        slots[nodes[slot].key] = nil
        nodes[slot].value = nil
        free.append(slot)
    }

    private mutating func unlink(_ slot: Int) {
        let (older, newer) = (nodes[slot].older, nodes[slot].newer)
        if let older { nodes[older].newer = newer } else { oldest = newer }
        if let newer { nodes[newer].older = older } else { newest = older }
        nodes[slot].older = nil
        nodes[slot].newer = nil
    }

    private mutating func pushNewest(_ slot: Int) {
        nodes[slot].older = newest
        nodes[slot].newer = nil
        if let newest { nodes[newest].newer = slot }
        newest = slot
        if oldest == nil { oldest = slot }
    }
}

extension LRUMap: Sendable where Key: Sendable, Value: Sendable {}
extension LRUMap.Node: Sendable where Key: Sendable, Value: Sendable {}
