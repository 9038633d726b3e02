/// Bounds on what one append may carry; a request past them is refused before it reaches
/// the database, so one careless client cannot bloat the history or stall the writers.
public struct EventStoreLimits: Sendable, Hashable {
    public var maxStreamIDLength = 200
    public var maxEventTypeLength = 200
    public var maxEventsPerAppend = 1_000
    /// 256 KiB: LabLedger's largest event under its field limits (`TextLimit`, `ListLimit`) is
    /// about 100 KB, so this leaves room without letting one event cost a reader megabytes.
    public var maxDataBytes = 262_144
    public var maxMetadataBytes = 16_384

    /// The largest page a read may ask for.
    public static let maxReadLimit = 10_000

    public init() {}
}
