import Foundation
import Hummingbird
import LabLedgerAPI
import LabLedgerContract

/// One research output's page (`/console/outputs/{output}`) with the forms for the steps after
/// validation: publication review (requested and cleared by the agreement's reviewers),
/// publication, correction and withdrawal. Each form posts one API command through
/// `InProcessAPI.command`, as the outputs page's submit and validate forms do; which key may
/// take a step, and when, is the API's answer, shown on this page beside the form (a bad
/// field, a domain rule) or as a problem page (a key that may not take it).
struct OutputStepPages: Sendable {
    let console: Console

    func register(on group: RouterGroup<BasicRequestContext>) {
        let c = console
        group.get("outputs/:output") { request, context in
            let output = context.parameters.get("output") ?? ""
            return try await c.page(request) { request, session in
                try await self.page(output, request.uri.queryParameters.get("position"), done: request.uri.queryParameters.get("done"), session)
            }
        }
        for step in Step.allCases {
            group.post("outputs/:output/\(step.rawValue)") { request, context in
                let output = context.parameters.get("output") ?? ""
                return try await c.form(request) { form, session in try await self.take(step, output, form, session) }
            }
        }
    }

    /// The steps after validation, named by the console route that posts each.
    enum Step: String, CaseIterable, Sendable {
        case reviewRequest = "review-request"
        case reviewClearance = "review-clearance"
        case publication
        case correction
        case withdrawal

        var operationID: String {
            switch self {
            case .reviewRequest: "requestPublicationReview"
            case .reviewClearance: "clearPublicationReview"
            case .publication: "publishOutput"
            case .correction: "correctOutput"
            case .withdrawal: "withdrawOutput"
            }
        }

        /// What the page says after the step was taken.
        var done: String {
            switch self {
            case .reviewRequest: "Publication review requested."
            case .reviewClearance: "Publication review cleared."
            case .publication: "Publication recorded."
            case .correction: "Correction recorded."
            case .withdrawal: "Output withdrawn."
            }
        }

        /// The form's controls that are always sent (blank when left empty, so the contract
        /// check names them) and those sent only when filled.
        var required: [String] {
            switch self {
            case .reviewRequest: ["requestedOn"]
            case .reviewClearance: ["reviewer", "clearedOn"]
            case .publication: ["publishedOn", "venue"]
            case .correction: ["reason", "correctedOn"]
            case .withdrawal: ["reason", "withdrawnOn"]
            }
        }
    }

    /// A step's form as shown: the values to fill in and the API's problems with the last post.
    struct StepForm {
        let values: [String: String]
        let errors: FieldErrors
    }

    struct ReviewerRow { let party: String; let clearedOn: String }

    struct OutputView {
        let frame: Frame
        let output: String
        let lab: String
        let title: String
        let kind: String
        let date: String
        let doi: String
        let agreement: String
        let status: String
        let validation: String
        let revalidationRequired: Bool
        let affiliations: String
        let contributors: String
        let hasReview: Bool
        let reviewState: String
        let reviewRequestedOn: String
        let reviewWindowEndsOn: String
        let reviewClearsOn: String
        let reviewers: [ReviewerRow]
        /// "date, venue" once published; nil (no row) before.
        let published: String?
        /// "date: reason" once withdrawn; nil (no row) before.
        let withdrawnNote: String?
        let done: String
        let wasDone: Bool
        let withdrawn: Bool
        let reviewRequest: StepForm?
        let reviewClearance: StepForm?
        let publication: StepForm?
        let correction: StepForm?
        let withdrawal: StepForm?
        /// The problems of a refused step that has no form on the page as it stands now.
        let unplaced: [String]
        let hasUnplaced: Bool
    }

    /// The output's page; `failed` is the step whose post the API refused, shown with what was
    /// posted and the API's problems beside the controls.
    func page(
        _ output: String, _ position: String?, done: String?, _ session: ConsoleSession,
        failed: (step: Step, form: FormBody, errors: FieldErrors, status: HTTPResponse.Status)? = nil
    ) async throws -> Response {
        let detail = try await console.api.read(as: session.principal, requestID: Console.requestID(), position: position) {
            try await $0.getOutput(.init(path: .init(outputId: output)))
        }.ok.body.json
        let freshness = try await Freshness.read(console.client, logger: console.logger)
        let frame = Frame.of(session, title: "Research output \(detail.output)", path: "/console/outputs/\(detail.output)", freshness: freshness)
        let today = Days.today().rawValue
        let party = session.principal.party?.rawValue ?? ""
        func form(_ step: Step, _ defaults: [String: String]) -> StepForm {
            guard let failed, failed.step == step else { return StepForm(values: defaults, errors: FieldErrors()) }
            var values: [String: String] = [:]
            for name in defaults.keys { values[name] = failed.form[name] ?? "" }
            return StepForm(values: values, errors: failed.errors)
        }
        let status = detail.status
        let open = status != .withdrawn
        let pendingReview = detail.review?.state == .pending
        func offered(_ step: Step) -> Bool {
            switch step {
            case .reviewRequest: open && status != .published && detail.review == nil && detail.agreement != nil
            case .reviewClearance: open && pendingReview
            case .publication: open && status != .published
            case .correction, .withdrawal: open
            }
        }
        // The output changed since the form was shown (another tab, the back button) and the
        // refused step has no form now: its refusal is shown above the page instead.
        let unplaced = failed.flatMap { offered($0.step) ? nil : $0.errors.messages } ?? []
        let view = OutputView(
            frame: frame, output: detail.output, lab: detail.lab, title: detail.title, kind: detail.kind.rawValue, date: detail.date,
            doi: detail.doi ?? "", agreement: detail.agreement ?? "", status: status.rawValue.replacingOccurrences(of: "_", with: " "),
            validation: detail.validation.rawValue, revalidationRequired: detail.revalidationRequired,
            affiliations: detail.affiliations.joined(separator: ", "),
            contributors: detail.contributors.map { "\($0.orcid) (\($0.creditRoles.joined(separator: ", ")))" }.joined(separator: "; "),
            hasReview: detail.review != nil, reviewState: detail.review?.state.rawValue ?? "", reviewRequestedOn: detail.review?.requestedOn ?? "",
            reviewWindowEndsOn: detail.review?.windowEndsOn ?? "", reviewClearsOn: detail.review?.clearsOn ?? "",
            reviewers: detail.review?.reviewers.map { ReviewerRow(party: $0.party, clearedOn: $0.clearedOn ?? "not yet") } ?? [],
            published: detail.publishedOn.map { "\($0), \(detail.venue ?? "")" },
            withdrawnNote: detail.withdrawnOn.map { "\($0): \(detail.withdrawalReason ?? "")" },
            done: done.flatMap(Step.init(rawValue:))?.done ?? "", wasDone: done.flatMap(Step.init(rawValue:)) != nil, withdrawn: !open,
            // The forms offered follow only facts that no step undoes (withdrawn, published, a
            // review requested or pending, an agreement); whether a step is allowed now (the
            // output validated, the key's role) is the API's answer to the post, shown above the
            // form: no rule of the decider is copied here.
            reviewRequest: offered(.reviewRequest) ? form(.reviewRequest, ["requestedOn": today]) : nil,
            reviewClearance: offered(.reviewClearance) ? form(.reviewClearance, ["reviewer": party, "clearedOn": today]) : nil,
            publication: offered(.publication) ? form(.publication, ["publishedOn": today, "venue": ""]) : nil,
            correction: open
                ? form(.correction, ["reason": "", "correctedOn": today, "title": "", "doi": "", "affiliations": "", "contributors": ""]) : nil,
            withdrawal: open ? form(.withdrawal, ["reason": "", "withdrawnOn": today]) : nil,
            unplaced: unplaced, hasUnplaced: !unplaced.isEmpty)
        return try console.render(view, "output", status: failed?.status ?? .ok)
    }

    /// Posts one step as its API command. A bad field, or a domain rule the step breaks, comes
    /// back as this page with the problems beside the step's form; anything else the API
    /// refuses (a key that may not take the step, an output it may not see) is a problem page.
    func take(_ step: Step, _ output: String, _ form: FormBody, _ session: ConsoleSession) async throws -> Response {
        let data = Self.json(step, form)
        let result: Components.Schemas.CommandResult
        do {
            result = try await console.api.command(
                as: session.principal, requestID: Console.requestID(), operationID: step.operationID, body: data
            ) { operations in
                try await Self.call(step, output, data, operations)
            }
        } catch let problem as Problem where problem.status == .badRequest || problem.status == .unprocessableContent || problem.status == .conflict {
            return try await page(output, nil, done: nil, session, failed: (step, form, FieldErrors(problem), problem.status))
        }
        return Console.redirect(
            "/console/outputs/\(UniversityPages.queryValue(output))?done=\(step.rawValue)&position=\(UniversityPages.queryValue(result.position))")
    }

    /// The command's JSON body as a JSON client would send it: required properties always,
    /// optional ones only when filled; affiliations and contributors as the registration form
    /// reads them.
    static func json(_ step: Step, _ form: FormBody) -> Data {
        var body: [String: Any] = [:]
        for name in step.required { body[name] = form[name] ?? "" }
        if step == .correction {
            if let title = form["title"] { body["title"] = title }
            if let doi = form["doi"] { body["doi"] = doi }
            if let affiliations = form["affiliations"] { body["affiliations"] = UniversityPages.RegistrationForm.affiliations(affiliations) }
            if let contributors = form["contributors"] { body["contributors"] = UniversityPages.RegistrationForm.contributors(contributors) }
        }
        // Strings, arrays and dictionaries of them are always valid JSON.
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// The generated operation for `step`, with the body decoded as the generated server would
    /// decode it (a body it cannot read is answered with the contract check's field problems).
    static func call(_ step: Step, _ output: String, _ data: Data, _ operations: any APIProtocol) async throws -> Components.Schemas.CommandResult {
        let decoder = JSONDecoder()
        switch step {
        case .reviewRequest:
            let body = try decoder.decode(Components.Schemas.RequestPublicationReview.self, from: data)
            return try await operations.requestPublicationReview(.init(path: .init(outputId: output), body: .json(body))).ok.body.json
        case .reviewClearance:
            let body = try decoder.decode(Components.Schemas.ClearPublicationReview.self, from: data)
            return try await operations.clearPublicationReview(.init(path: .init(outputId: output), body: .json(body))).ok.body.json
        case .publication:
            let body = try decoder.decode(Components.Schemas.PublishOutput.self, from: data)
            return try await operations.publishOutput(.init(path: .init(outputId: output), body: .json(body))).ok.body.json
        case .correction:
            let body = try decoder.decode(Components.Schemas.CorrectOutput.self, from: data)
            return try await operations.correctOutput(.init(path: .init(outputId: output), body: .json(body))).ok.body.json
        case .withdrawal:
            let body = try decoder.decode(Components.Schemas.WithdrawOutput.self, from: data)
            return try await operations.withdrawOutput(.init(path: .init(outputId: output), body: .json(body))).ok.body.json
        }
    }
}
