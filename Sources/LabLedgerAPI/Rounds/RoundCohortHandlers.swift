import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func grantRoundBenefit(_ input: Operations.GrantRoundBenefit.Input) async throws -> Operations.GrantRoundBenefit.Output {
        _ = try Access.writer(Access.keepers, to: "grant round benefits")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let round = fields.value("#path/roundId") { try RoundID(parsing: input.path.roundId) }
        let startup = fields.value("/startup") { try PartyID(parsing: body.startup) }
        let quantity = fields.roundBenefitQuantity("/quantity", body.quantity)
        let provider = fields.value("/provider") { try PartyID(parsing: body.provider) }
        let commitment = fields.optional("/commitment", body.commitment) { try CommitmentID(parsing: $0) }
        let grantedOn = fields.date("/grantedOn", body.grantedOn)
        fields.text("/reference", body.reference, .reference)
        let description = fields.text("/description", body.description, .title)
        guard fields.ok, let round, let startup, let quantity, let provider, let grantedOn else { throw fields.failure }
        let outcome = try await runCommand(
            RoundDecider.self, stream: .round(round), creates: false, what: "Round '\(round)'"
        ) { state in
            var draw: CommitmentDraw?
            if let commitment { draw = try await facts.commitmentDraw(commitment, namespace: "round") }
            let command = RoundCommand.grantBenefit(GrantBenefit(
                startup: startup, kind: BenefitKind(body.kind), quantity: quantity, provider: provider, commitment: draw?.facts,
                reference: body.reference, grantedOn: grantedOn, description: description))
            guard let draw else { return Decision(command: command) }
            _ = try RoundDecider.decideOrRefuse(command, state)
            return Decision(command: command, claims: [try draw.claim(quantity, valueDate: grantedOn, reference: body.reference)])
        }
        return .ok(outcome.acceptedResponse)
    }

    func assignRoundMentor(_ input: Operations.AssignRoundMentor.Input) async throws -> Operations.AssignRoundMentor.Output {
        _ = try Access.writer(Access.keepers, to: "assign mentors")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let round = fields.value("#path/roundId") { try RoundID(parsing: input.path.roundId) }
        let startup = fields.value("/startup") { try PartyID(parsing: body.startup) }
        let mentor = fields.value("/mentor") { try PersonID(parsing: body.mentor) }
        let assignedOn = fields.date("/assignedOn", body.assignedOn)
        let person = fields.personalData("/person", body.person)
        guard fields.ok, let round, let startup, let mentor, let assignedOn, let person else { throw fields.failure }
        let outcome = try await runCommand(
            RoundDecider.self, stream: .round(round), creates: false, what: "Round '\(round)'"
        ) { state in
            var advisors: Set<PersonID> = []
            if let lab = state.lab { advisors = try await facts.labAdvisors(lab) }
            return Decision(command: .assignMentor(AssignMentor(
                startup: startup, mentor: mentor, assignedOn: assignedOn, person: person,
                labAdvisors: advisors, advisoryBoardMember: body.advisoryBoardMember)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func graduateRoundCohort(_ input: Operations.GraduateRoundCohort.Input) async throws -> Operations.GraduateRoundCohort.Output {
        _ = try Access.writer(Access.keepers, to: "graduate cohorts")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let round = fields.value("#path/roundId") { try RoundID(parsing: input.path.roundId) }
        let graduatedOn = fields.date("/graduatedOn", body.graduatedOn)
        guard fields.ok, let round, let graduatedOn else { throw fields.failure }
        let outcome = try await runCommand(
            RoundDecider.self, stream: .round(round), creates: false, what: "Round '\(round)'"
        ) { _ in Decision(command: .graduate(GraduateCohort(graduatedOn: graduatedOn))) }
        return .ok(outcome.acceptedResponse)
    }
}

extension BenefitKind {
    init(_ kind: Components.Schemas.RoundBenefitKind) {
        switch kind {
        case .cash: self = .cash
        case .cloudCredits: self = .cloudCredits
        case .officeSpace: self = .officeSpace
        case .mentoring: self = .mentoring
        case .technology: self = .technology
        case .technicalSupport: self = .technicalSupport
        }
    }
}

extension Fields {
    /// A benefit's worth is an `Amount`, read as funding reads one; the deprecated nested shape
    /// (`{cash: Money}` or `{inKind: {unit, quantity}}`) is read into the same domain `Amount`,
    /// so what is recorded does not depend on the shape that was sent.
    mutating func roundBenefitQuantity(_ pointer: String, _ quantity: Components.Schemas.GrantRoundBenefit.QuantityPayload) -> Amount? {
        switch quantity {
        case .Amount(let amount):
            return self.amount(pointer, amount)
        case .RoundBenefitQuantity(let nested):
            switch (nested.cash, nested.inKind) {
            case (let cash?, nil):
                return placementMoney("\(pointer)/cash", cash).map(Amount.cash)
            case (nil, let inKind?):
                return .inKind(InKindQuantity(inKind.quantity, InKindUnit(inKind.unit)))
            default:
                fail(pointer, code: "round.quantity-cash-or-in-kind", "Give exactly one of `cash` and `inKind`, or (better) an amount: {currency, amount} or {unit, quantity}.")
                return nil
            }
        }
    }
}
