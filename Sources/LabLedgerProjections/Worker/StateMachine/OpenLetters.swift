/// One target's open dead letters, as the policy needs them.
struct OpenLetters: Sendable, Equatable {
    /// Streams with an open letter: their later events wait (are parked) behind it, never
    /// applied out of order.
    var blockedStreams: Set<String> = []
    /// Open letters, those parked behind others included: at the options' maximum the target stops.
    var count = 0

    init() {}

    init(_ letters: [OpenLetter]) {
        blockedStreams = Set(letters.map(\.stream))
        count = letters.count
    }
}
