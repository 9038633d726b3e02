import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// A party from the `directory` read model.
extension ReadModelQueries {
    func party(_ party: PartyID) async throws -> Components.Schemas.PartyView? {
        let rows = try await client.query(
            "SELECT party_id, name, kind, ror, country, stream_version FROM directory_parties WHERE party_id = \(party.rawValue)",
            logger: logger)
        for try await (id, name, kind, ror, country, version) in rows.decode((String, String, String, String?, String, Int).self) {
            return .init(party: id, name: name, kind: try Self.enumValue(kind), ror: ror, country: country, version: version)
        }
        return nil
    }

    /// The lab, with every member spell; nil when it does not exist or `party` (when given) is
    /// not a current member.
}
