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

    /// The session of a cookie's token, touched (its idle clock restarts), or nil when it is
    /// unknown, idle past the timeout, older than the maximum age, or its key has been revoked:
    /// one query per page.
    func resume(_ token: String) async throws -> ConsoleSession? {
        let hash = ByteBuffer(bytes: SessionSecrets.hash(token))
        let idle = idleSeconds
        let age = maxAgeSeconds
        let rows = try await client.query(
            """
            UPDATE console_sessions s SET last_seen_at = now()
            FROM api_keys k
            WHERE s.token_hash = \(hash) AND k.key_id = s.key_id AND k.revoked_at IS NULL
              AND s.last_seen_at >= now() - make_interval(secs => \(idle))
              AND s.created_at >= now() - make_interval(secs => \(age))
            RETURNING s.key_id, k.role, k.party, s.csrf_token
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
