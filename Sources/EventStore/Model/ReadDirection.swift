public enum ReadDirection: Sendable, Hashable {
    case forwards
    case backwards
}
