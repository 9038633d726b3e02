/// What the appender believes the stream's version is. Stream versions count events:
/// an empty (or never written) stream is at version 0, its first event is version 1.
public enum ExpectedVersion: Sendable, Hashable, CustomStringConvertible {
    /// Append whatever the version is.
    case any
    /// The stream must not exist yet.
    case noStream
    /// The stream must be exactly at this version.
    case exact(Int)

    public var description: String {
        switch self {
        case .any: return "any"
        case .noStream: return "no stream"
        case .exact(let version): return "version \(version)"
        }
    }
}
