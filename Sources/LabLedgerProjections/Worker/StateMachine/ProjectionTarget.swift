/// Which tables a page goes to: the live ones, or the fresh copies of a rebuild.
enum ProjectionTarget: Sendable, Hashable {
    case live
    case rebuild
}
