import Foundation
import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels
import PostgresNIO

/// A party from the `directory` read model.
extension ReadModelQueries {
    func party(_ party: PartyID) async throws -> Components.Schemas.PartyView? {
        let rows = try await rowsAsJSON(
            "SELECT to_jsonb(p)::text FROM directory_parties p WHERE p.party_id = \(party.rawValue)", as: DirectoryPartyRow.self)
        return try rows.first.map {
            .init(
                party: $0.party_id, name: $0.name, kind: try Self.enumValue($0.kind), ror: $0.ror, country: $0.country,
                version: $0.stream_version)
        }
    }
}
