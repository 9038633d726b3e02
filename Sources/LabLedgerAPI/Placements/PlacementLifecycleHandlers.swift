import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func payStipend(_ input: Operations.PayStipend.Input) async throws -> Operations.PayStipend.Output {
        let principal = try Access.writer(Access.companies, to: "pay stipends")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let placement = fields.value("#path/placementId") { try PlacementID(parsing: input.path.placementId) }
        let amount = fields.placementMoney("/amount", body.amount)
        let forPeriod = fields.placementPeriod("/forPeriod", body.forPeriod)
        let paidOn = fields.date("/paidOn", body.paidOn)
        fields.text("/reference", body.reference, .reference)
        guard fields.ok, let placement, let amount, let forPeriod, let paidOn else { throw fields.failure }
        let what = "Placement '\(placement)'"
        let outcome = try await runCommand(
            PlacementDecider.self, stream: .placement(placement), creates: false, what: what
        ) { state in
            try Access.requireVisible(principal, parties: state.involvedParties, what: what)
            guard let stipend = state.stipend, let sponsor = state.sponsor else {
                throw Problem.refused(DomainError(code: "placement.not-a-studentship", message: "Only a studentship is paid a stipend."))
            }
            try Access.requireActingAs(principal, sponsor, field: "the studentship's sponsor")
            let draw = try await facts.commitmentDraw(stipend.commitment, namespace: "placement")
            let command = PlacementCommand.payStipend(
                PayStipend(amount: amount, forPeriod: forPeriod, paidOn: paidOn, reference: body.reference, commitment: draw.facts))
            _ = try PlacementDecider.decideOrRefuse(command, state)
            return Decision(command: command, claims: [try draw.claim(.cash(amount), valueDate: paidOn, reference: body.reference)])
        }
        return .ok(outcome.acceptedResponse)
    }

    func startInternship(_ input: Operations.StartInternship.Input) async throws -> Operations.StartInternship.Output {
        let principal = try Access.writer(Access.companies, to: "start internships")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let placement = fields.value("#path/placementId") { try PlacementID(parsing: input.path.placementId) }
        let host = fields.value("/host") { try PartyID(parsing: body.host) }
        let agreement = fields.value("/agreement") { try AgreementID(parsing: body.agreement) }
        let period = fields.placementPeriod("/period", body.period)
        guard fields.ok, let placement, let host, let agreement, let period else { throw fields.failure }
        let what = "Placement '\(placement)'"
        let outcome = try await runCommand(
            PlacementDecider.self, stream: .placement(placement), creates: false, what: what
        ) { state in
            // A prospective host sees the placements of its lab's agreement, which it may host.
            // The placement is judged first: a key that may not see it gets the 404 of a missing
            // placement, naming the placement, whatever agreement the body names.
            let named = AgreementFacts(state: try await facts.agreementState(agreement).state)
            let hosts = named.map { $0.lab == state.lab ? Set($0.parties.keys) : [] } ?? []
            try Access.requireVisible(principal, parties: state.involvedParties.union(hosts), what: what)
            let agreementFacts = try await placementAgreement(agreement, principal: principal)
            try Access.requireActingAs(principal, host, field: "/host")
            return Decision(command: .startInternship(StartInternship(host: host, period: period, agreement: agreementFacts)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func endInternship(_ input: Operations.EndInternship.Input) async throws -> Operations.EndInternship.Output {
        let principal = try Access.writer(Access.companies, to: "end internships")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let placement = fields.value("#path/placementId") { try PlacementID(parsing: input.path.placementId) }
        let endedOn = fields.date("/endedOn", body.endedOn)
        guard fields.ok, let placement, let endedOn else { throw fields.failure }
        let what = "Placement '\(placement)'"
        let outcome = try await runCommand(
            PlacementDecider.self, stream: .placement(placement), creates: false, what: what
        ) { state in
            try Access.requireVisible(principal, parties: state.involvedParties, what: what)
            if let host = state.currentInternship?.host { try Access.requireActingAs(principal, host, field: "the internship's host") }
            return Decision(command: .endInternship(EndInternship(endedOn: endedOn)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func conferDegree(_ input: Operations.ConferDegree.Input) async throws -> Operations.ConferDegree.Output {
        let principal = try Access.writer(Access.universities, to: "confer degrees")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let placement = fields.value("#path/placementId") { try PlacementID(parsing: input.path.placementId) }
        let grantor = fields.value("/grantor") { try PartyID(parsing: body.grantor) }
        let conferredOn = fields.date("/conferredOn", body.conferredOn)
        fields.text("/degree", body.degree, .label)
        guard fields.ok, let placement, let grantor, let conferredOn else { throw fields.failure }
        let what = "Placement '\(placement)'"
        let outcome = try await runCommand(
            PlacementDecider.self, stream: .placement(placement), creates: false, what: what
        ) { state in
            try Access.requireVisible(principal, parties: state.involvedParties, what: what)
            try Access.requireActingAs(principal, grantor, field: "/grantor")
            return Decision(command: .conferDegree(ConferDegree(grantor: grantor, degree: body.degree, conferredOn: conferredOn)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func endPlacement(_ input: Operations.EndPlacement.Input) async throws -> Operations.EndPlacement.Output {
        let principal = try Access.writer(Access.universities, to: "end placements")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let placement = fields.value("#path/placementId") { try PlacementID(parsing: input.path.placementId) }
        let endedOn = fields.date("/endedOn", body.endedOn)
        guard fields.ok, let placement, let endedOn else { throw fields.failure }
        let what = "Placement '\(placement)'"
        let outcome = try await runCommand(
            PlacementDecider.self, stream: .placement(placement), creates: false, what: what
        ) { state in
            try Access.requireVisible(principal, parties: state.involvedParties, what: what)
            if let own = principal.party, own != state.degreeGrantor, own != state.employer {
                throw Problem.forbidden("This key acts for '\(own)'; only the degree grantor or the employer ends the placement.")
            }
            return Decision(command: .end(EndPlacement(reason: PlacementEndReason(body.reason), endedOn: endedOn)))
        }
        return .ok(outcome.acceptedResponse)
    }
}
