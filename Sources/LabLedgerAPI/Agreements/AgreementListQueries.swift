import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// Pages of one lab's agreements from the `directory` read model, oldest drafted first.
/// Visibility is the single-agreement read's (`agreements(_:visibleTo:)`): a party-bound caller
/// sees the agreements it is a party to.
extension ReadModelQueries {
    /// Up to `limit` agreements of `lab` after `after` (draft date, then id), each read as
    /// `GET /v1/agreements/{id}` reads it (`agreementWithParties`): one query per page.
    func labAgreements(
        lab: String, visibleTo party: String?, after: (draftedOn: String, agreement: String)?, limit: Int
    ) async throws -> [Components.Schemas.Agreement] {
        let afterDate = after?.draftedOn
        let afterID = after?.agreement
        let rows = try await rowsAsJSON(
            """
            SELECT \(unescaped: Self.agreementWithParties)
            FROM directory_agreements a
            WHERE a.lab_id = \(lab)
              AND (\(afterDate)::date IS NULL OR (a.drafted_on, a.agreement_id) > (\(afterDate)::date, \(afterID)::text))
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_agreement_parties p WHERE p.agreement_id = a.agreement_id AND p.party_id = \(party)))
            ORDER BY a.drafted_on, a.agreement_id
            LIMIT \(limit)
            """, as: AgreementWithParties.self)
        return try rows.map(Components.Schemas.Agreement.init)
    }
}
