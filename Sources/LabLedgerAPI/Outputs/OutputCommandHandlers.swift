import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func registerOutput(_ input: Operations.RegisterOutput.Input) async throws -> Operations.RegisterOutput.Output {
        let principal = try Access.writer(Access.universities, to: "register research outputs")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let output = fields.value("/output") { try OutputID(parsing: body.output) }
        let doi = fields.optional("/doi", body.doi) { try DOI(parsing: $0) }
        let contributors = fields.outputContributors("/contributors", body.contributors)
        let affiliations = fields.values("/affiliations", body.affiliations, max: .affiliations) { try PartyID(parsing: $0) }
        let agreement = fields.optional("/agreement", body.agreement) { try AgreementID(parsing: $0) }
        let date = fields.date("/date", body.date)
        fields.text("/title", body.title, .title)
        guard fields.ok, let lab, let output, let contributors, let affiliations, let date else { throw fields.failure }
        try Self.requireAffiliated(principal, affiliations)
        let outcome = try await runCommand(
            OutputDecider.self, stream: .output(output), creates: true,
            location: "/v1/outputs/\(output)", what: "Research output '\(output)'"
        ) { _ in
            // Read on every attempt: a registration that lost the race for its DOI sees it taken.
            let claim = try await doi.asyncMap { try await doiClaims.read($0) }
            let facts = try await facts.outputRegistration(lab: lab, agreement: agreement, affiliations: affiliations, doi: claim?.facts)
            // A university files outputs only in a lab it belongs to, under an agreement it is a
            // party to: anything else is not visible to it (404), as for every party-bound key.
            try Access.requireVisible(principal, parties: facts.lab.members, what: "Lab '\(lab)'")
            if let agreementFacts = facts.agreement {
                try Access.requireVisible(principal, parties: agreementFacts.parties.keys, what: "Agreement '\(agreementFacts.agreement)'")
            }
            let command = RegisterOutput(
                output: output, lab: lab, kind: OutputKind(body.kind), title: body.title, doi: doi, contributors: contributors,
                affiliations: affiliations, agreement: agreement, date: date, facts: facts)
            return Decision(command: .register(command), claims: try claim?.take(for: output).map { [$0] } ?? [])
        }
        return .created(outcome.createdResponse)
    }

    func submitOutputForValidation(_ input: Operations.SubmitOutputForValidation.Input) async throws -> Operations.SubmitOutputForValidation.Output {
        let principal = try Access.writer(Access.universities, to: "submit research outputs for validation")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let output = fields.value("#path/outputId") { try OutputID(parsing: input.path.outputId) }
        let submittedOn = fields.date("/submittedOn", body.submittedOn)
        guard fields.ok, let output, let submittedOn else { throw fields.failure }
        let what = "Research output '\(output)'"
        let outcome = try await runCommand(OutputDecider.self, stream: .output(output), creates: false, what: what) { state in
            try Access.requireVisible(principal, parties: state.affiliations, what: what)
            return Decision(command: .submitForValidation(SubmitOutputForValidation(submittedOn: submittedOn)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func validateOutput(_ input: Operations.ValidateOutput.Input) async throws -> Operations.ValidateOutput.Output {
        let principal = try Access.writer(Access.universities, to: "validate research outputs")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let output = fields.value("#path/outputId") { try OutputID(parsing: input.path.outputId) }
        let validatedBy = fields.value("/validatedBy") { try PartyID(parsing: body.validatedBy) }
        let validatedOn = fields.date("/validatedOn", body.validatedOn)
        guard fields.ok, let output, let validatedBy, let validatedOn else { throw fields.failure }
        let what = "Research output '\(output)'"
        let outcome = try await runCommand(OutputDecider.self, stream: .output(output), creates: false, what: what) { state in
            try Access.requireVisible(principal, parties: state.affiliations, what: what)
            try Access.requireActingAs(principal, validatedBy, field: "/validatedBy")
            guard let lab = state.lab else { throw Problem.notFound(what) }
            let command = ValidateOutput(validatedBy: validatedBy, validatedOn: validatedOn, lab: try await facts.lab(lab))
            return Decision(command: .validate(command))
        }
        return .ok(outcome.acceptedResponse)
    }

    func correctOutput(_ input: Operations.CorrectOutput.Input) async throws -> Operations.CorrectOutput.Output {
        let principal = try Access.writer(Access.universities, to: "correct research outputs")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let output = fields.value("#path/outputId") { try OutputID(parsing: input.path.outputId) }
        let correctedOn = fields.date("/correctedOn", body.correctedOn)
        let doi = fields.optional("/doi", body.doi) { try DOI(parsing: $0) }
        var contributors: [OutputContributor]?
        if let raw = body.contributors { contributors = fields.outputContributors("/contributors", raw) }
        var affiliations: [PartyID]?
        if let raw = body.affiliations { affiliations = fields.values("/affiliations", raw, max: .affiliations) { try PartyID(parsing: $0) } }
        fields.text("/reason", body.reason, .reason)
        fields.text("/title", body.title, .title)
        guard fields.ok, let output, let correctedOn else { throw fields.failure }
        if let affiliations { try Self.requireAffiliated(principal, affiliations) }
        let what = "Research output '\(output)'"
        let outcome = try await runCommand(OutputDecider.self, stream: .output(output), creates: false, what: what) { state in
            try Access.requireVisible(principal, parties: state.affiliations, what: what)
            // A new DOI is taken from its claim stream and the one it replaces is freed, in the
            // same transaction; a DOI differing only in case is the same DOI and keeps its claim.
            var claims: [StreamClaim] = []
            var registry: DOIRegistryFacts?
            if let doi, doi != state.doi {
                let claim = try await doiClaims.read(doi)
                registry = claim.facts
                if let taken = try claim.take(for: output) { claims.append(taken) }
                if let old = state.doi, let released = try await doiClaims.read(old).release(by: output) { claims.append(released) }
            }
            let command = CorrectOutput(
                reason: body.reason, correctedOn: correctedOn, title: body.title, doi: doi, contributors: contributors,
                affiliations: affiliations, doiRegistry: registry, parties: try await facts.parties(affiliations ?? []))
            return Decision(command: .correct(command), claims: claims)
        }
        return .ok(outcome.acceptedResponse)
    }

    func requestPublicationReview(_ input: Operations.RequestPublicationReview.Input) async throws -> Operations.RequestPublicationReview.Output {
        let principal = try Access.writer(Access.companies, to: "request publication reviews")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let output = fields.value("#path/outputId") { try OutputID(parsing: input.path.outputId) }
        let requestedOn = fields.date("/requestedOn", body.requestedOn)
        guard fields.ok, let output, let requestedOn else { throw fields.failure }
        let what = "Research output '\(output)'"
        let outcome = try await runCommand(OutputDecider.self, stream: .output(output), creates: false, what: what) { state in
            let agreement = try await facts.outputAgreement(state)
            try Access.requireVisible(principal, parties: agreement.map { Array($0.parties.keys) } ?? [], what: what)
            guard let agreement else {
                throw Problem.refused(DomainError(
                    code: "output.no-agreement", message: "The output was not produced under an agreement; no publication review applies."))
            }
            if let party = principal.party, let role = agreement.parties[party], role != .sponsor, role != .industryPartner {
                throw Problem.forbidden("'\(party)' is the agreement's \(role.rawValue); only its sponsors and industry partners request a review.")
            }
            return Decision(command: .requestPublicationReview(RequestPublicationReview(requestedOn: requestedOn, agreement: agreement)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func clearPublicationReview(_ input: Operations.ClearPublicationReview.Input) async throws -> Operations.ClearPublicationReview.Output {
        let principal = try Access.writer(Access.companies, to: "clear publication reviews")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let output = fields.value("#path/outputId") { try OutputID(parsing: input.path.outputId) }
        let reviewer = fields.value("/reviewer") { try PartyID(parsing: body.reviewer) }
        let clearedOn = fields.date("/clearedOn", body.clearedOn)
        guard fields.ok, let output, let reviewer, let clearedOn else { throw fields.failure }
        let what = "Research output '\(output)'"
        let outcome = try await runCommand(OutputDecider.self, stream: .output(output), creates: false, what: what) { state in
            if principal.party != nil {
                let agreement = try await facts.outputAgreement(state)
                try Access.requireVisible(principal, parties: agreement.map { Array($0.parties.keys) } ?? [], what: what)
            }
            try Access.requireActingAs(principal, reviewer, field: "/reviewer")
            return Decision(command: .clearPublicationReview(ClearPublicationReview(reviewer: reviewer, clearedOn: clearedOn)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func publishOutput(_ input: Operations.PublishOutput.Input) async throws -> Operations.PublishOutput.Output {
        let principal = try Access.writer(Access.universities, to: "publish research outputs")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let output = fields.value("#path/outputId") { try OutputID(parsing: input.path.outputId) }
        let publishedOn = fields.date("/publishedOn", body.publishedOn)
        fields.text("/venue", body.venue, .label)
        guard fields.ok, let output, let publishedOn else { throw fields.failure }
        let what = "Research output '\(output)'"
        let outcome = try await runCommand(OutputDecider.self, stream: .output(output), creates: false, what: what) { state in
            try Access.requireVisible(principal, parties: state.affiliations, what: what)
            let command = PublishOutput(publishedOn: publishedOn, venue: body.venue, agreement: try await facts.outputAgreement(state))
            return Decision(command: .publish(command))
        }
        return .ok(outcome.acceptedResponse)
    }

    func withdrawOutput(_ input: Operations.WithdrawOutput.Input) async throws -> Operations.WithdrawOutput.Output {
        let principal = try Access.writer(Access.universities, to: "withdraw research outputs")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let output = fields.value("#path/outputId") { try OutputID(parsing: input.path.outputId) }
        let withdrawnOn = fields.date("/withdrawnOn", body.withdrawnOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let output, let withdrawnOn else { throw fields.failure }
        let what = "Research output '\(output)'"
        let outcome = try await runCommand(OutputDecider.self, stream: .output(output), creates: false, what: what) { state in
            try Access.requireVisible(principal, parties: state.affiliations, what: what)
            return Decision(command: .withdraw(WithdrawOutput(reason: body.reason, withdrawnOn: withdrawnOn)))
        }
        return .ok(outcome.acceptedResponse)
    }

    /// A university key registers or re-affiliates only outputs of its own party.
    private static func requireAffiliated(_ principal: Principal, _ affiliations: [PartyID]) throws {
        guard let party = principal.party, !affiliations.contains(party) else { return }
        throw Problem.forbidden("This key acts for '\(party)'; /affiliations does not name it.")
    }
}

extension OutputKind {
    init(_ kind: Components.Schemas.OutputKind) {
        switch kind {
        case .paper: self = .paper
        case .patent: self = .patent
        case .software: self = .software
        case .dataset: self = .dataset
        }
    }
}

extension Fields {
    mutating func outputContributors(_ pointer: String, _ raw: [Components.Schemas.OutputContributor]) -> [OutputContributor]? {
        list(pointer, raw, max: .contributors) { fields, at, contributor in
            let orcid = fields.value("\(at)/orcid") { try ORCID(parsing: contributor.orcid) }
            let roles = fields.values("\(at)/creditRoles", contributor.creditRoles, max: .creditRoles) { try CreditRole(parsing: $0) }
            guard let orcid, let roles else { return nil }
            return OutputContributor(orcid: orcid, creditRoles: roles)
        }
    }
}
