import LabLedgerAPI

/// A signed-in browser: the API key's principal it acts as, and its CSRF token.
struct ConsoleSession: Sendable, Equatable {
    let principal: Principal
    let csrf: String
}
