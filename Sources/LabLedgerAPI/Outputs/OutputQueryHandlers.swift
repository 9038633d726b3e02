import Foundation
import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func listLabOutputs(_ input: Operations.ListLabOutputs.Input) async throws -> Operations.ListLabOutputs.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.outputProjections) { reads in
            var fields = Fields()
            let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
            let status = fields.optional("#query/status", input.query.status) { text in
                guard let status = Components.Schemas.OutputStatus(rawValue: text) else {
                    throw ValueError(code: "output-status.unknown", message: "'\(text)' is not an output status.")
                }
                return status
            }
            let kind = fields.optional("#query/kind", input.query.kind) { text in
                guard let kind = OutputKind(rawValue: text) else {
                    throw ValueError(code: "output-kind.unknown", message: "'\(text)' is not paper, patent, software or dataset.")
                }
                return kind
            }
            guard fields.ok, let lab else { throw fields.failure }
            let limit = try PageSize.parse(input.query.limit)
            let after = try Cursor.parse(input.query.after, keys: 2).map { (date: try $0.date(at: 0), output: $0.keys[1]) }
            // One row more than the page tells whether another page follows.
            let rows = try await reads.outputs(
                lab: lab.rawValue, status: status?.rawValue, kind: kind?.rawValue, party: principal.party?.rawValue, after: after,
                limit: limit + 1)
            let items = try rows.prefix(limit).map(Components.Schemas.OutputSummary.init)
            let next = rows.count > limit ? items.last.map { Cursor([$0.date, $0.output]).token } : nil
            return .ok(.init(body: .json(.init(items: Array(items), next: next))))
        }
    }

    func getOutput(_ input: Operations.GetOutput.Input) async throws -> Operations.GetOutput.Output {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.outputProjections) { reads in
            var fields = Fields()
            let output = fields.value("#path/outputId") { try OutputID(parsing: input.path.outputId) }
            guard fields.ok, let output else { throw fields.failure }
            guard let row = try await reads.output(output.rawValue, party: principal.party?.rawValue) else {
                throw Problem.notFound("Research output '\(output)'")
            }
            return .ok(.init(headers: .init(eTag: "\"\(row.output.stream_version)\""), body: .json(try Components.Schemas.OutputDetail(row))))
        }
    }
}

extension Components.Schemas.OutputSummary {
    init(_ row: OutputWithParties) throws {
        let output = row.output
        self.init(
            output: output.output_id, lab: output.lab_id, kind: try ReadModelQueries.enumValue(output.kind), title: output.title,
            doi: output.doi, date: output.date.rawValue, agreement: output.agreement_id,
            status: try ReadModelQueries.enumValue(output.status.rawValue), affiliations: row.affiliations,
            contributorCount: output.contributor_count, reviewWindowEndsOn: output.review_window_ends_on?.rawValue,
            publishedOn: output.published_on?.rawValue, version: output.stream_version)
    }
}

extension Components.Schemas.OutputDetail {
    init(_ row: OutputWithParties) throws {
        let output = row.output
        var review: Components.Schemas.OutputReview?
        if let requestedOn = output.review_requested_on, let endsOn = output.review_window_ends_on, let clearsOn = output.review_clears_on {
            review = .init(
                state: output.review_state == .cleared ? .cleared : .pending, requestedOn: requestedOn.rawValue,
                windowEndsOn: endsOn.rawValue, clearedOn: output.review_cleared_on?.rawValue, clearsOn: clearsOn.rawValue,
                reviewers: row.parties.filter { $0.relation == .reviewer }.map { .init(party: $0.party_id, clearedOn: $0.cleared_on?.rawValue) })
        }
        self.init(
            output: output.output_id, lab: output.lab_id, kind: try ReadModelQueries.enumValue(output.kind), title: output.title,
            doi: output.doi, date: output.date.rawValue, agreement: output.agreement_id,
            status: try ReadModelQueries.enumValue(output.status.rawValue), validation: try ReadModelQueries.enumValue(output.validation),
            revalidationRequired: output.revalidation_required, submittedOn: output.submitted_on?.rawValue,
            validatedOn: output.validated_on?.rawValue, validatedBy: output.validated_by, affiliations: row.affiliations,
            contributors: (row.people ?? []).map { .init(orcid: $0.orcid, creditRoles: $0.credit_roles) }, review: review,
            publishedOn: output.published_on?.rawValue, venue: output.venue, withdrawnOn: output.withdrawn_on?.rawValue,
            withdrawalReason: output.withdrawal_reason, version: output.stream_version)
    }
}

extension OutputWithParties {
    /// The affiliated parties in their order.
    var affiliations: [String] { parties.filter { $0.relation == .affiliation }.map(\.party_id) }
}
