import Testing

extension Trait where Self == TimeLimitTrait {
    /// The limit for a test that could otherwise wait a very long time. It guards against a hang,
    /// never measures speed: the suite runs in parallel on two cores, where starting a test's
    /// own cluster and database alone has taken three minutes (a 3-minute limit failed CI that
    /// way), so it is generous. It counts from when the test gets one of the run's slots
    /// (`scripts/test.sh` allows 16 at once); a run without that bound starts every test at
    /// once, and then a long test's time is the whole run's (over ten minutes once in CI). It
    /// records the failure and cancels the test, which does not end a wait on a separately
    /// started `Task`: a test whose wait could last for ever (a read on a frozen or locked
    /// replica) bounds that wait itself and then releases what holds it.
    public static var hangGuard: Self { .timeLimit(.minutes(10)) }
}
