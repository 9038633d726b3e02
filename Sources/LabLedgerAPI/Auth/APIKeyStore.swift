import Crypto
import Synchronization
import Foundation
import LabLedgerDomain
import Logging
import PostgresNIO

/// API keys in `api_keys`, and the lookup every request makes. Lookups are cached for a few
/// seconds so a request costs no query; a revoked key therefore stops working within
/// `cacheTTL` (2 s by default), on every API replica.
public final class APIKeyStore: Sendable {
    public struct Listed: Sendable, Equatable {
        public var keyID: String
        public var role: Principal.Role
        public var party: String?
        public var label: String
        public var createdAt: Date
        public var revokedAt: Date?
    }

    let client: PostgresClient
    let logger: Logger
    let cacheTTL: Duration
    private let cache = KeyCache()

    public init(client: PostgresClient, logger: Logger, cacheTTL: Duration = .seconds(2)) {
        self.client = client
        self.logger = logger
        self.cacheTTL = cacheTTL
    }

    /// Makes a key and returns it; its text is shown once and never stored.
    public func create(role: Principal.Role, party: PartyID?, label: String) async throws -> (key: APIKey, principal: Principal) {
        let needsParty = role == .university || role == .company
        guard needsParty == (party != nil) else {
            throw Problem.invalid(
                "#option/party", "\(IndefiniteArticle.before(role.rawValue, capitalized: true)) key acts for \(needsParty ? "one party: give --party" : "no party: leave out --party").")
        }
        let key = APIKey.generate()
        let hash = ByteBuffer(bytes: key.hash)
        try await client.query(
            """
            INSERT INTO api_keys (key_id, key_hash, role, party, label)
            VALUES (\(key.keyID), \(hash), \(role.rawValue), \(party?.rawValue), \(label))
            """, logger: logger)
        return (key, Principal(keyID: key.keyID, role: role, party: party))
    }

    public func list() async throws -> [Listed] {
        let rows = try await client.query(
            "SELECT key_id, role, party, label, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id",
            logger: logger)
        var keys: [Listed] = []
        for try await (id, role, party, label, created, revoked) in rows.decode((String, String, String?, String, Date, Date?).self) {
            guard let role = Principal.Role(rawValue: role) else { continue }
            keys.append(Listed(keyID: id, role: role, party: party, label: label, createdAt: created, revokedAt: revoked))
        }
        return keys
    }

    /// Revokes a key; false when no such unrevoked key exists.
    public func revoke(keyID: String) async throws -> Bool {
        let rows = try await client.query(
            "UPDATE api_keys SET revoked_at = now() WHERE key_id = \(keyID) AND revoked_at IS NULL RETURNING key_id",
            logger: logger)
        var revoked = false
        for try await _ in rows.decode(String.self) { revoked = true }
        cache.forget(keyID)
        return revoked
    }

    /// The principal of a presented bearer key, or nil when it is unknown or revoked.
    public func principal(for text: String) async throws -> Principal? {
        guard let key = APIKey(parsing: text) else { return nil }
        let hash = key.hash
        if let cached = cache.entry(for: key.keyID, now: .now) {
            return cached.matches(hash) ? cached.principal : nil
        }
        let rows = try await client.query(
            "SELECT key_hash, role, party FROM api_keys WHERE key_id = \(key.keyID) AND revoked_at IS NULL",
            logger: logger)
        var entry: KeyCache.Entry?
        for try await (stored, role, party) in rows.decode((ByteBuffer, String, String?).self) {
            guard let role = Principal.Role(rawValue: role) else { break }
            let partyID = try party.map { text throws(ValueError) in try PartyID(parsing: text) }
            entry = KeyCache.Entry(
                hash: Data(buffer: stored), principal: Principal(keyID: key.keyID, role: role, party: partyID),
                expires: .now.advanced(by: cacheTTL))
        }
        if let entry {
            cache.store(entry, for: key.keyID)
            return entry.matches(hash) ? entry.principal : nil
        }
        return nil
    }
}

/// Recently looked-up keys. Unknown ids are not cached, so a flood of made-up keys costs
/// queries, never memory.
final class KeyCache: Sendable {
    struct Entry: Sendable {
        var hash: Data
        var principal: Principal
        var expires: ContinuousClock.Instant

        /// Constant-time: how much of a hash matched must not leak through timing.
        func matches(_ presented: Data) -> Bool {
            guard presented.count == hash.count else { return false }
            var difference: UInt8 = 0
            for (a, b) in zip(presented, hash) { difference |= a ^ b }
            return difference == 0
        }
    }

    private let entries = Mutex<[String: Entry]>([:])

    func entry(for keyID: String, now: ContinuousClock.Instant) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[keyID] else { return nil }
            if entry.expires <= now {
                entries[keyID] = nil
                return nil
            }
            return entry
        }
    }

    func store(_ entry: Entry, for keyID: String) {
        entries.withLock { $0[keyID] = entry }
    }

    func forget(_ keyID: String) {
        _ = entries.withLock { $0.removeValue(forKey: keyID) }
    }
}
