/// The API's tunables; `labledger serve` sets them from options and environment variables.
public struct APIOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes = 262_144
    /// How long a query waits for `LabLedger-Position` before answering 503.
    public var maxPositionWait = Duration.seconds(5)

    public init() {}
}
