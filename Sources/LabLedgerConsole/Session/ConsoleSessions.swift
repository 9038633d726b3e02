import Foundation
import LabLedgerAPI
import LabLedgerDomain
import Logging
import NIOCore
import PostgresNIO

/// Sessions in `console_sessions` (migration 0026), shared by every API replica of a database.
struct ConsoleSessions: Sendable {
    let client: PostgresClient
    let idleTimeout: Duration
    /// A session ends this long after sign-in however busy it is (checked against `created_at`).
    let maxAge: Duration
    let logger: Logger

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private var idleSeconds: Double { Self.seconds(idleTimeout) }
    private var maxAgeSeconds: Double { Self.seconds(maxAge) }

    /// Starts a session for `principal`; returns the cookie's token and the CSRF token. The
    /// session of `replacing` (the cookie the browser signed in with, if any) ends, and sessions
    /// idle or older than the maximum age are deleted first, so the table holds only live ones.
    func start(for principal: Principal, replacing old: String? = nil) async throws -> (token: String, csrf: String) {
        let token = SessionSecrets.random()
        let csrf = SessionSecrets.random()
        let hash = ByteBuffer(bytes: SessionSecrets.hash(token))
        let oldHash = old.map { ByteBuffer(bytes: SessionSecrets.hash($0)) }
        let idle = idleSeconds
        let age = maxAgeSeconds
        try await client.query(
            """
            DELETE FROM console_sessions
            WHERE last_seen_at < now() - make_interval(secs => \(idle))
               OR created_at < now() - make_interval(secs => \(age))
               OR token_hash = \(oldHash)
            """, logger: logger)
        try await client.query(
            "INSERT INTO console_sessions (token_hash, key_id, csrf_token) VALUES (\(hash), \(principal.keyID), \(csrf))",
            logger: logger)
        return (token, csrf)
    }

    /// How stale `last_seen_at` may grow before a page view writes it again: a tenth of the idle
    /// timeout, at most a minute. A session may so end up to this much before the idle timeout
    /// after its last page, and a reader's page views cost no write (and no WAL) in between.
    var touchInterval: Duration { min(idleTimeout / 10, .seconds(60)) }

    /// The session of a cookie's token, or nil when it is unknown, idle past the timeout, older
    /// than the maximum age, or its key has been revoked: one query per page. Its idle clock
    /// restarts when it was last restarted more than `touchInterval` ago.
    func resume(_ token: String) async throws -> ConsoleSession? {
        let hash = ByteBuffer(bytes: SessionSecrets.hash(token))
        let idle = idleSeconds
        let age = maxAgeSeconds
        let touch = Self.seconds(touchInterval)
        // A data-modifying WITH runs whether or not the outer query reads it; it updates no row
        // (and so writes nothing) while the session was seen within `touch`. `live` reads without
        // a row lock, so a page already in flight when the session is signed out may still be
        // answered; the next one is not.
        QueryCount.note()
        let rows = try await client.query(
            """
            WITH live AS (
                SELECT s.token_hash, s.key_id, k.role, k.party, s.csrf_token, s.last_seen_at
                FROM console_sessions s JOIN api_keys k ON k.key_id = s.key_id
                WHERE s.token_hash = \(hash) AND k.revoked_at IS NULL
                  AND s.last_seen_at >= now() - make_interval(secs => \(idle))
                  AND s.created_at >= now() - make_interval(secs => \(age))
            ), touched AS (
                UPDATE console_sessions s SET last_seen_at = now()
                FROM live WHERE s.token_hash = live.token_hash
                  AND live.last_seen_at < now() - make_interval(secs => \(touch))
                RETURNING 1
            )
            SELECT key_id, role, party, csrf_token FROM live
            """, logger: logger)
        for try await (keyID, role, party, csrf) in rows.decode((String, String, String?, String).self) {
            guard let role = Principal.Role(rawValue: role) else { return nil }
            let partyID = try party.map { try PartyID(parsing: $0) }
            return ConsoleSession(principal: Principal(keyID: keyID, role: role, party: partyID), csrf: csrf)
        }
        return nil
    }

    /// Ends the session of a cookie's token (sign-out).
    func end(_ token: String) async throws {
        let hash = ByteBuffer(bytes: SessionSecrets.hash(token))
        try await client.query("DELETE FROM console_sessions WHERE token_hash = \(hash)", logger: logger)
    }
}
