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
            let items = rows.prefix(limit).map(Components.Schemas.OutputSummary.init)
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
            return .ok(.init(headers: .init(eTag: "\"\(row.list.version)\""), body: .json(try Components.Schemas.OutputDetail(row))))
        }
    }
}

extension Components.Schemas.OutputSummary {
    init(_ row: ReadModelQueries.OutputListRow) {
        self.init(
            output: row.output, lab: row.lab, kind: .init(rawValue: row.kind) ?? .paper, title: row.title, doi: row.doi,
            date: row.date, agreement: row.agreement, status: .init(rawValue: row.status) ?? .registered,
            affiliations: row.affiliations, contributorCount: row.contributorCount, reviewWindowEndsOn: row.reviewWindowEndsOn,
            publishedOn: row.publishedOn, version: row.version)
    }
}

extension Components.Schemas.OutputDetail {
    init(_ row: ReadModelQueries.OutputDetailRow) throws {
        let list = row.list
        let decoder = JSONDecoder()
        var review: Components.Schemas.OutputReview?
        if let requestedOn = row.reviewRequestedOn, let endsOn = list.reviewWindowEndsOn, let clearsOn = row.reviewClearsOn {
            review = .init(
                state: row.reviewState == "cleared" ? .cleared : .pending, requestedOn: requestedOn, windowEndsOn: endsOn,
                clearedOn: row.reviewClearedOn, clearsOn: clearsOn,
                reviewers: try decoder.decode([Components.Schemas.OutputReviewer].self, from: row.reviewers))
        }
        self.init(
            output: list.output, lab: list.lab, kind: .init(rawValue: list.kind) ?? .paper, title: list.title, doi: list.doi,
            date: list.date, agreement: list.agreement, status: .init(rawValue: list.status) ?? .registered,
            validation: .init(rawValue: row.validation) ?? .draft, revalidationRequired: row.revalidationRequired,
            submittedOn: row.submittedOn, validatedOn: row.validatedOn, validatedBy: row.validatedBy, affiliations: list.affiliations,
            contributors: try decoder.decode([Components.Schemas.OutputContributor].self, from: row.contributors), review: review,
            publishedOn: list.publishedOn, venue: row.venue, withdrawnOn: row.withdrawnOn, withdrawalReason: row.withdrawalReason,
            version: list.version)
    }
}
