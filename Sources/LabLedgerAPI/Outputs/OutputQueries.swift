import Foundation
import PostgresNIO

/// Research outputs from the `outputs` read model. A party-bound caller sees an output when its
/// party is among the output's parties (affiliations, reviewers) or is a party to the agreement
/// the output was produced under (`directory_agreement_parties`).
extension ReadModelQueries {
    /// The projections output queries read: party scoping joins the agreements of `directory`.
    static let outputProjections = ["outputs", "directory"]

    struct OutputListRow: Sendable {
        var output: String
        var lab: String
        var kind: String
        var title: String
        var doi: String?
        var date: String
        var agreement: String?
        var status: String
        var affiliations: [String]
        var contributorCount: Int
        var reviewWindowEndsOn: String?
        var publishedOn: String?
        var version: Int
    }

    struct OutputDetailRow: Sendable {
        var list: OutputListRow
        var validation: String
        var revalidationRequired: Bool
        var submittedOn: String?
        var validatedOn: String?
        var validatedBy: String?
        var reviewState: String
        var reviewRequestedOn: String?
        var reviewClearedOn: String?
        var reviewClearsOn: String?
        var venue: String?
        var withdrawnOn: String?
        var withdrawalReason: String?
        /// `[{"orcid", "creditRoles"}]` in record order, from `output_people`.
        var contributors: Data
        /// `[{"party", "clearedOn"}]` in review order.
        var reviewers: Data
    }

    /// One page of a lab's outputs, newest first (date, then output id, both descending), after
    /// `after` (date, output id).
    func outputs(
        lab: String, status: String?, kind: String?, party: String?, after: (date: String, output: String)?, limit: Int
    ) async throws -> [OutputListRow] {
        let rows = try await client.query(
            """
            SELECT o.output_id, o.lab_id, o.kind, o.title, o.doi, to_char(o.date, 'YYYY-MM-DD'), o.agreement_id, o.status,
                   ARRAY(SELECT p.party_id FROM output_parties p
                         WHERE p.stream_id = o.stream_id AND p.relation = 'affiliation' ORDER BY p.position),
                   o.contributor_count, to_char(o.review_window_ends_on, 'YYYY-MM-DD'), to_char(o.published_on, 'YYYY-MM-DD'),
                   o.stream_version
            FROM outputs o
            WHERE o.lab_id = \(lab)
              AND (\(status)::text IS NULL OR o.status = \(status))
              AND (\(kind)::text IS NULL OR o.kind = \(kind))
              AND (\(after?.date)::date IS NULL OR (o.date, o.output_id) < (\(after?.date)::date, \(after?.output)::text))
              AND (\(party)::text IS NULL
                   OR EXISTS (SELECT 1 FROM output_parties p WHERE p.stream_id = o.stream_id AND p.party_id = \(party))
                   OR EXISTS (SELECT 1 FROM directory_agreement_parties a
                              WHERE a.agreement_id = o.agreement_id AND a.party_id = \(party)))
            ORDER BY o.date DESC, o.output_id DESC
            LIMIT \(limit)
            """, logger: logger)
        var page: [OutputListRow] = []
        for try await row in rows.decode(
            (String, String, String, String, String?, String, String?, String, [String], Int, String?, String?, Int).self)
        {
            page.append(OutputListRow(
                output: row.0, lab: row.1, kind: row.2, title: row.3, doi: row.4, date: row.5, agreement: row.6, status: row.7,
                affiliations: row.8, contributorCount: row.9, reviewWindowEndsOn: row.10, publishedOn: row.11, version: row.12))
        }
        return page
    }

    /// One output, or nil when it does not exist or `party` is not involved in it.
    func output(_ id: String, party: String?) async throws -> OutputDetailRow? {
        let rows = try await client.query(
            """
            SELECT o.output_id, o.lab_id, o.kind, o.title, o.doi, to_char(o.date, 'YYYY-MM-DD'), o.agreement_id, o.status,
                   ARRAY(SELECT p.party_id FROM output_parties p
                         WHERE p.stream_id = o.stream_id AND p.relation = 'affiliation' ORDER BY p.position),
                   o.contributor_count, to_char(o.review_window_ends_on, 'YYYY-MM-DD'), to_char(o.published_on, 'YYYY-MM-DD'),
                   o.stream_version,
                   o.validation, o.revalidation_required, to_char(o.submitted_on, 'YYYY-MM-DD'),
                   to_char(o.validated_on, 'YYYY-MM-DD'), o.validated_by, o.review_state,
                   to_char(o.review_requested_on, 'YYYY-MM-DD'), to_char(o.review_cleared_on, 'YYYY-MM-DD'),
                   to_char(o.review_clears_on, 'YYYY-MM-DD'), o.venue, to_char(o.withdrawn_on, 'YYYY-MM-DD'), o.withdrawal_reason,
                   (SELECT coalesce(jsonb_agg(jsonb_build_object('orcid', c.orcid, 'creditRoles', c.credit_roles) ORDER BY c.position),
                                    '[]'::jsonb)::text
                    FROM output_people c WHERE c.stream_id = o.stream_id),
                   (SELECT coalesce(jsonb_agg(jsonb_build_object('party', r.party_id, 'clearedOn', to_char(r.cleared_on, 'YYYY-MM-DD'))
                                              ORDER BY r.position), '[]'::jsonb)::text
                    FROM output_parties r WHERE r.stream_id = o.stream_id AND r.relation = 'reviewer')
            FROM outputs o
            WHERE o.output_id = \(id)
              AND (\(party)::text IS NULL
                   OR EXISTS (SELECT 1 FROM output_parties p WHERE p.stream_id = o.stream_id AND p.party_id = \(party))
                   OR EXISTS (SELECT 1 FROM directory_agreement_parties a
                              WHERE a.agreement_id = o.agreement_id AND a.party_id = \(party)))
            """, logger: logger)
        for try await row in rows.decode(
            (
                String, String, String, String, String?, String, String?, String, [String], Int, String?, String?, Int,
                String, Bool, String?, String?, String?, String, String?, String?, String?, String?, String?, String?, String, String
            ).self)
        {
            return OutputDetailRow(
                list: OutputListRow(
                    output: row.0, lab: row.1, kind: row.2, title: row.3, doi: row.4, date: row.5, agreement: row.6, status: row.7,
                    affiliations: row.8, contributorCount: row.9, reviewWindowEndsOn: row.10, publishedOn: row.11, version: row.12),
                validation: row.13, revalidationRequired: row.14, submittedOn: row.15, validatedOn: row.16, validatedBy: row.17,
                reviewState: row.18, reviewRequestedOn: row.19, reviewClearedOn: row.20, reviewClearsOn: row.21, venue: row.22,
                withdrawnOn: row.23, withdrawalReason: row.24, contributors: Data(row.25.utf8), reviewers: Data(row.26.utf8))
        }
        return nil
    }
}
