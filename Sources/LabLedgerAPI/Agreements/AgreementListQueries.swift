import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// Pages of one lab's agreements from the `directory` read model, oldest drafted first.
/// Visibility is the single-agreement read's (`agreement(_:visibleTo:)`): a party-bound caller
/// sees the agreements it is a party to.
extension ReadModelQueries {
    /// The ids and draft dates of up to `limit` agreements of `lab` after `after`.
    func agreementKeys(
        lab: String, visibleTo party: String?, after: (draftedOn: String, agreement: String)?, limit: Int
    ) async throws -> [(draftedOn: String, agreement: AgreementID)] {
        let afterDate = after?.draftedOn
        let afterID = after?.agreement
        let rows = try await client.query(
            """
            SELECT a.drafted_on::text, a.agreement_id
            FROM directory_agreements a
            WHERE a.lab_id = \(lab)
              AND (\(afterDate)::date IS NULL OR (a.drafted_on, a.agreement_id) > (\(afterDate)::date, \(afterID)::text))
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_agreement_parties p WHERE p.agreement_id = a.agreement_id AND p.party_id = \(party)))
            ORDER BY a.drafted_on, a.agreement_id
            LIMIT \(limit)
            """, logger: logger)
        var keys: [(draftedOn: String, agreement: AgreementID)] = []
        for try await (drafted, id) in rows.decode((String, String).self) {
            keys.append((drafted, try AgreementID(parsing: id)))
        }
        return keys
    }
}
