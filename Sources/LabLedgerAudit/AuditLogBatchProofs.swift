import TransparencyLog

extension AuditLog {
    /// The audit paths of many leaves in the tree of `treeSize` leaves from one query: the
    /// union of the subtrees they need (neighbouring leaves share most of them) is read at
    /// once, so an export costs one round trip per batch, not per event.
    public func inclusionProofs(leafIndexes: [Int64], treeSize: Int64) async throws -> [Int64: [LogHash]] {
        guard !leafIndexes.isEmpty else { return [:] }
        try await requireSequenced(treeSize)
        return try await inclusionProofsWithinSequenced(leafIndexes: leafIndexes, treeSize: treeSize)
    }

    /// `inclusionProofs` for a tree the caller already knows the log has reached (a stored
    /// checkpoint's): skips reading the head.
    func inclusionProofsWithinSequenced(leafIndexes: [Int64], treeSize: Int64) async throws -> [Int64: [LogHash]] {
        var plans: [(Int64, [LeafRange])] = []
        plans.reserveCapacity(leafIndexes.count)
        var needed = Set<SubtreeID>()
        for index in leafIndexes {
            let ranges = try ProofPlan.inclusion(leafIndex: index, treeSize: treeSize)
            plans.append((index, ranges))
            for range in ranges { needed.formUnion(range.subtrees) }
        }
        let stored = try await client.withConnection { connection in
            try await LogSubtrees.read(needed, on: connection, logger: logger)
        }
        // Neighbouring leaves' paths share their ranges (all of them share the right edge's),
        // so each range is folded once per batch.
        var folded: [LeafRange: LogHash] = [:]
        var proofs: [Int64: [LogHash]] = [:]
        proofs.reserveCapacity(plans.count)
        for (index, ranges) in plans {
            proofs[index] = try ranges.map { range in
                if let hash = folded[range] { return hash }
                let hash = try range.hash { id in
                    guard let hash = stored[id] else { throw Failure.subtreeMissing(id) }
                    return hash
                }
                folded[range] = hash
                return hash
            }
        }
        return proofs
    }
}
