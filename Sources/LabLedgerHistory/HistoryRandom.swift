/// SplitMix64 (Steele, Lea and Flood, 2014). The generator keeps its own PRNG instead of the
/// standard library's so that one seed yields byte-identical histories on every platform and
/// toolchain: `SystemRandomNumberGenerator` is not seedable, and the standard library does not
/// promise that `shuffled(using:)` or `randomElement(using:)` consume a generator the same way
/// in every release.
struct HistoryRandom: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range`, by Lemire's multiply-high. Its bias (below 2^-40 for the small
    /// ranges a story needs) is irrelevant to test data and keeps every draw one `next()`, which
    /// keeps the stream of draws easy to reason about.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    /// A number in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// One element of a non-empty array; callers pick only from lists they just checked or built.
    mutating func element<T>(_ items: [T]) -> T {
        precondition(!items.isEmpty, "HistoryRandom.element needs a non-empty list")
        return items[int(0...(items.count - 1))]
    }

    /// Fisher–Yates, so the order depends on nothing but the seed.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, int(0...index))
        }
    }

    /// Up to `count` distinct elements, in random order.
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var copy = items
        shuffle(&copy)
        return Array(copy.prefix(max(0, count)))
    }
}
