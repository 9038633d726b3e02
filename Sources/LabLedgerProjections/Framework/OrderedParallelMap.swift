/// Maps a page's items (its streams) on several cores and gives the results back in the items'
/// order, so that what a page writes does not depend on how it was split. The items are cut
/// into contiguous slices of about equal weight (a stream's events), one task per slice; a
/// failure is the one the sequential map would have thrown: that of the earliest failing item.
/// Pure apart from the tasks: no I/O, no clock.
struct OrderedParallelMap: Sendable {
    /// Slices at most: the cores the worker may use for one page.
    let parallelism: Int
    /// A slice lighter than this is not worth a task of its own (a live page of a few events
    /// folds in less time than a task takes to start).
    let minimumWeight: Int

    init(parallelism: Int, minimumWeight: Int = 256) {
        self.parallelism = max(1, parallelism)
        self.minimumWeight = max(1, minimumWeight)
    }

    /// Where `weights` are cut: the end index of each slice, the last one `weights.count`.
    /// Contiguous and in order; at most `parallelism` slices, none lighter than `minimumWeight`
    /// unless there is only one.
    func cuts(_ weights: [Int]) -> [Int] {
        let total = weights.reduce(0) { $0 + max(0, $1) }
        let slices = min(parallelism, weights.count, max(1, total / minimumWeight))
        guard slices > 1 else { return weights.isEmpty ? [] : [weights.count] }
        var cuts: [Int] = []
        var running = 0
        for (index, weight) in weights.enumerated() {
            running += max(0, weight)
            // Cut once this slice's share of the total is reached; the last slice takes the rest.
            if cuts.count < slices - 1, running * slices >= total * (cuts.count + 1) {
                cuts.append(index + 1)
            }
        }
        if cuts.last != weights.count { cuts.append(weights.count) }
        return cuts
    }

    /// `transform` of every item, in the items' order.
    func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], weight: (Item) -> Int, _ transform: @escaping @Sendable (Item) throws -> Result
    ) async throws -> [Result] {
        let cuts = cuts(items.map(weight))
        guard cuts.count > 1 else { return try items.map(transform) }
        var slices: [ArraySlice<Item>] = []
        var start = 0
        for end in cuts {
            slices.append(items[start..<end])
            start = end
        }
        let outcomes = await withTaskGroup(of: (Int, Swift.Result<[Result], any Error>).self) { group in
            for (index, slice) in slices.enumerated() {
                group.addTask { (index, Swift.Result { try slice.map(transform) }) }
            }
            var outcomes: [(Int, Swift.Result<[Result], any Error>)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }
        }
        var results: [Result] = []
        results.reserveCapacity(items.count)
        // Slices in order: the first failing slice holds the earliest failing item, since each
        // slice stops at its own first failure.
        for (_, outcome) in outcomes {
            results.append(contentsOf: try outcome.get())
        }
        return results
    }
}
