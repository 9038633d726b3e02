import Testing

extension Trait where Self == TimeLimitTrait {
    /// The limit for a test that could otherwise wait forever (a frozen replica, a lock that is
    /// never released). It guards against a hang, never measures speed: the whole suite runs in
    /// parallel on two cores, where starting a test's own cluster and database alone has taken
    /// three minutes (a 3-minute limit failed CI that way), so it is generous. A test that must
    /// show something happens promptly bounds that one wait itself, with a message.
    public static var hangGuard: Self { .timeLimit(.minutes(10)) }
}
