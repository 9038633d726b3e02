import Foundation
import Logging
import PostgresNIO

/// First answers of commands sent with an `Idempotency-Key`, in `api_idempotency`, written in
/// the command's own transaction.
struct IdempotencyRecords: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// A stored first answer, and whether the retry is the same request.
    struct Replay {
        var stored: CommandOutcome?
        var sameRequest: Bool

        func outcome() throws -> CommandOutcome {
            guard sameRequest, var stored else { throw CommandRejection.idempotencyKeyReused }
            stored.replayed = true
            return stored
        }
    }

    /// The stored answer for a retried key, nil for a new key; `idempotencyKeyReused` for a key reused with another request.
    func answer(for request: IdempotencyRequest, keyID: String) async throws -> CommandOutcome? {
        guard let stored = try await lookup(request, keyID: keyID) else { return nil }
        return try stored.outcome()
    }

    func record(_ outcome: CommandOutcome, for request: IdempotencyRequest, keyID: String, on connection: PostgresConnection) async throws {
        let json = String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self)
        let fingerprint = ByteBuffer(bytes: request.fingerprint)
        let status = outcome.created ? 201 : 200
        let rows = try await connection.query(
            """
            INSERT INTO api_idempotency (key_id, idempotency_key, fingerprint, status, response)
            VALUES (\(keyID), \(request.key), \(fingerprint), \(status), \(json)::jsonb)
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger)
        var inserted = false
        for try await _ in rows.decode(Int.self) { inserted = true }
        if !inserted {
            // A concurrent request with this key committed first. Its row is visible only after
            // this transaction ends, so leave it (rolling back our events) and read it then.
            throw ReplayPending()
        }
    }

    /// Thrown out of a command's transaction when another request with the same key committed
    /// first: the caller answers with that request's answer (or a 422 for another body).
    struct ReplayPending: Error {}

    func lookup(_ request: IdempotencyRequest, keyID: String) async throws -> Replay? {
        let rows = try await client.query(
            "SELECT fingerprint, response::text FROM api_idempotency WHERE key_id = \(keyID) AND idempotency_key = \(request.key)",
            logger: logger)
        for try await (fingerprint, response) in rows.decode((ByteBuffer, String).self) {
            let same = Data(buffer: fingerprint) == request.fingerprint
            let stored = try JSONDecoder().decode(CommandOutcome.self, from: Data(response.utf8))
            return Replay(stored: stored, sameRequest: same)
        }
        return nil
    }
}
