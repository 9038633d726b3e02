import TransparencyLog

extension AuditLog {
    /// One batch proof (`BatchProof`) for the leaves at `leafIndexes` (strictly increasing) of a
    /// tree the caller knows the log has reached (a stored checkpoint's), from one query: the
    /// hashes of the subtrees that hold none of them. An evidence bundle carries one per group
    /// of events.
    func batchProofWithinSequenced(leafIndexes: [Int64], treeSize: Int64) async throws -> [LogHash] {
        let ranges = try BatchProof.plan(leafIndexes: leafIndexes, treeSize: treeSize)
        return try await client.withConnection { connection in
            try await LogSubtrees.proof(ranges, on: connection, logger: logger)
        }
    }
}
