import Crypto
import EventStore
import Foundation
import LabLedgerDomain
import PostgresNIO

/// A DOI is registered to one output only, and no output stream can guard that alone. Each DOI
/// has a claim stream `doi-<sha256 of its normalized form>` (hashed because a DOI suffix may
/// hold any character a stream id may not): `DOIRegistered` gives it to an output, `DOIReleased`
/// frees it again when a correction replaces it. A claim is appended at the version that was
/// read, in the same transaction as the output's events, so of two commands racing for one DOI
/// the second fails at append and, deciding again, sees the DOI taken.
struct DOIClaims: Sendable {
    static let registeredType = "DOIRegistered"
    static let releasedType = "DOIReleased"

    let store: PostgresEventStore

    /// One DOI's claim stream as it stands.
    struct Claim: Sendable {
        var doi: DOI
        var stream: StreamName
        var version: Int
        /// The output holding the DOI now; nil when it is free.
        var holder: OutputID?

        var facts: DOIRegistryFacts { DOIRegistryFacts(doi: doi, registeredTo: holder) }

        /// The claim that gives the DOI to `output`; nil when it already holds it.
        func take(for output: OutputID) throws -> StreamClaim? {
            guard holder != output else { return nil }
            return StreamClaim(
                stream: stream, expected: version == 0 ? .noStream : .exact(version), type: DOIClaims.registeredType,
                data: try ClaimData(doi: doi.normalized, output: output.rawValue).encoded())
        }

        /// The claim that frees the DOI `output` held; nil when it is not the holder (nothing to free).
        func release(by output: OutputID) throws -> StreamClaim? {
            guard holder == output else { return nil }
            return StreamClaim(
                stream: stream, expected: .exact(version), type: DOIClaims.releasedType,
                data: try ClaimData(doi: doi.normalized, output: output.rawValue).encoded())
        }
    }

    /// What each claim event says; `output` is the output that took or released the DOI.
    struct ClaimData: Codable {
        var doi: String
        var output: String

        func encoded() throws -> Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return try encoder.encode(self)
        }
    }

    static func stream(for doi: DOI) throws -> StreamName {
        let digest = SHA256.hash(data: Data(doi.normalized.utf8))
        return try StreamName(category: StreamCategory(parsing: "doi"), id: digest.hex)
    }

    func read(_ doi: DOI) async throws -> Claim {
        let stream = try Self.stream(for: doi)
        var claim = Claim(doi: doi, stream: stream, version: 0, holder: nil)
        let page = 1_000
        while true {
            let events = try await store.readStream(stream.rawValue, from: claim.version + 1, limit: page)
            for event in events {
                let data = try JSONDecoder().decode(ClaimData.self, from: event.data)
                switch event.type {
                case Self.registeredType: claim.holder = try OutputID(parsing: data.output)
                case Self.releasedType: claim.holder = nil
                default: break
                }
                claim.version = event.streamVersion
            }
            if events.count < page { break }
        }
        return claim
    }
}

extension APIHandler {
    var doiClaims: DOIClaims { DOIClaims(store: store) }
}
