/// A place in the gap-safe global order: (writing transaction, global position).
///
/// Global positions alone are not a safe resume point: a sequence hands them out before
/// commit, so an earlier position can become visible after a later one. Transactions that
/// are older than every running transaction can no longer gain events, so reading in
/// (transaction id, position) order below that horizon never skips an event.
public struct Checkpoint: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public var transactionID: UInt64
    public var position: Int64

    public init(transactionID: UInt64, position: Int64) {
        self.transactionID = transactionID
        self.position = position
    }

    /// Before every event.
    public static let start = Checkpoint(transactionID: 0, position: 0)

    public static func < (lhs: Checkpoint, rhs: Checkpoint) -> Bool {
        (lhs.transactionID, lhs.position) < (rhs.transactionID, rhs.position)
    }

    /// `transactionID.position`, the form used in cursors and position tokens.
    public var description: String { "\(transactionID).\(position)" }

    public init?(_ description: String) {
        let parts = description.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let transaction = UInt64(parts[0]), let position = Int64(parts[1]),
              position >= 0, transaction <= UInt64(Int64.max)
        else { return nil }
        self.init(transactionID: transaction, position: position)
    }
}
