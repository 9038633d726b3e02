import Foundation
import LabLedgerReadModels
import PostgresNIO

/// An `outputs` row with its `output_parties` rows (affiliations and reviewers, each in its own
/// order) and, for a single output, its `output_people` rows in record order: the read model's
/// own row types, as one query returns them.
struct OutputWithParties: Decodable, Sendable {
    var output: OutputRow
    var parties: [OutputPartyRow]
    /// Nil on a page of outputs, which shows only how many contributors each has.
    var people: [OutputPersonRow]?
}

/// Research outputs from the `outputs` read model. A party-bound caller sees an output when its
/// party is among the output's parties (affiliations, reviewers) or is a party to the agreement
/// the output was produced under (`directory_agreement_parties`).
extension ReadModelQueries {
    /// The projections output queries read: party scoping joins the agreements of `directory`.
    static let outputProjections = ["outputs", "directory"]

    /// One page of a lab's outputs, newest first (date, then output id, both descending), after
    /// `after` (date, output id).
    func outputs(
        lab: String, status: String?, kind: String?, party: String?, after: (date: String, output: String)?, limit: Int
    ) async throws -> [OutputWithParties] {
        try await rowsAsJSON(
            """
            SELECT jsonb_build_object('output', to_jsonb(o), 'parties', \(unescaped: Self.outputPartiesColumn))::text
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
            """, as: OutputWithParties.self)
    }

    /// One output with its contributors, or nil when it does not exist or `party` is not
    /// involved in it.
    func output(_ id: String, party: String?) async throws -> OutputWithParties? {
        try await rowsAsJSON(
            """
            SELECT jsonb_build_object(
                'output', to_jsonb(o),
                'parties', \(unescaped: Self.outputPartiesColumn),
                'people', (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.position), '[]'::jsonb)
                           FROM output_people c WHERE c.stream_id = o.stream_id))::text
            FROM outputs o
            WHERE o.output_id = \(id)
              AND (\(party)::text IS NULL
                   OR EXISTS (SELECT 1 FROM output_parties p WHERE p.stream_id = o.stream_id AND p.party_id = \(party))
                   OR EXISTS (SELECT 1 FROM directory_agreement_parties a
                              WHERE a.agreement_id = o.agreement_id AND a.party_id = \(party)))
            """, as: OutputWithParties.self
        ).first
    }

    /// The `output_parties` rows of the output `o`, by relation, then position within it.
    private static let outputPartiesColumn = """
        (SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.relation, p.position), '[]'::jsonb)
         FROM output_parties p WHERE p.stream_id = o.stream_id)
        """
}
