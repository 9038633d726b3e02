import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func commitFunding(_ input: Operations.CommitFunding.Input) async throws -> Operations.CommitFunding.Output {
        let principal = try Access.writer(Access.companies, to: "commit funding")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let agreement = fields.value("#path/agreementId") { try AgreementID(parsing: input.path.agreementId) }
        let commitment = fields.value("/commitment") { try CommitmentID(parsing: body.commitment) }
        let funder = fields.value("/funder") { try PartyID(parsing: body.funder) }
        let amount = fields.amount("/amount", body.amount)
        let period = fields.period("/period", from: body.period.from, to: body.period.to)
        guard fields.ok, let agreement, let commitment, let funder, let amount, let period else { throw fields.failure }
        let purpose = FundingPurpose(body.purpose)
        let outcome = try await runCommand(
            FundingDecider.self, stream: .commitment(commitment), creates: true,
            location: "/v1/commitments/\(commitment)", what: "Commitment '\(commitment)'"
        ) { _ in
            let what = "Agreement '\(agreement)'"
            guard let terms = try await facts.draftedAgreement(agreement) else { throw Problem.notFound(what) }
            try Access.requireVisible(principal, parties: terms.parties.keys, what: what)
            try Access.requireActingAs(principal, funder, field: "/funder")
            let command = CommitFunding(
                commitment: commitment, agreement: agreement, funder: funder, purpose: purpose, amount: amount, period: period,
                facts: try await facts.commitFunding(terms))
            return Decision(command: .commit(command))
        }
        return .created(outcome.createdResponse)
    }

    func recordDisbursement(_ input: Operations.RecordDisbursement.Input) async throws -> Operations.RecordDisbursement.Output {
        let principal = try Access.writer(Access.companies, to: "record disbursements")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let commitment = fields.value("#path/commitmentId") { try CommitmentID(parsing: input.path.commitmentId) }
        let amount = fields.amount("/amount", body.amount)
        let valueDate = fields.date("/valueDate", body.valueDate)
        fields.text("/reference", body.reference, .reference)
        guard fields.ok, let commitment, let amount, let valueDate else { throw fields.failure }
        let what = "Commitment '\(commitment)'"
        let outcome = try await runCommand(
            FundingDecider.self, stream: .commitment(commitment), creates: false, what: what
        ) { state in
            try await requireFunder(principal, of: state, what: what)
            return Decision(command: .recordDisbursement(RecordDisbursement(amount: amount, valueDate: valueDate, reference: body.reference)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func reverseDisbursement(_ input: Operations.ReverseDisbursement.Input) async throws -> Operations.ReverseDisbursement.Output {
        let principal = try Access.writer(Access.companies, to: "reverse disbursements")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let commitment = fields.value("#path/commitmentId") { try CommitmentID(parsing: input.path.commitmentId) }
        let reversedOn = fields.date("/reversedOn", body.reversedOn)
        fields.text("/reference", body.reference, .reference)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let commitment, let reversedOn else { throw fields.failure }
        let what = "Commitment '\(commitment)'"
        let command = ReverseDisbursement(reference: body.reference, reason: body.reason, reversedOn: reversedOn)
        let outcome = try await runCommand(
            FundingDecider.self, stream: .commitment(commitment), creates: false, what: what
        ) { state in
            try await requireFunder(principal, of: state, what: what)
            return Decision(command: .reverseDisbursement(command))
        }
        return .ok(outcome.acceptedResponse)
    }

    func adjustCommitment(_ input: Operations.AdjustCommitment.Input) async throws -> Operations.AdjustCommitment.Output {
        _ = try Access.writer(Access.keepers, to: "adjust commitments")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let commitment = fields.value("#path/commitmentId") { try CommitmentID(parsing: input.path.commitmentId) }
        let delta = fields.amount("/delta", body.delta)
        guard fields.ok, let commitment, let delta else { throw fields.failure }
        let what = "Commitment '\(commitment)'"
        let outcome = try await runCommand(
            FundingDecider.self, stream: .commitment(commitment), creates: false, what: what
        ) { state in
            guard let agreement = state.agreement else { throw Problem.notFound(what) }
            let terms = try await facts.agreement(agreement, namespace: "funding")
            return Decision(command: .adjust(AdjustCommitment(delta: delta, amendment: body.amendment, agreement: terms)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func closeCommitment(_ input: Operations.CloseCommitment.Input) async throws -> Operations.CloseCommitment.Output {
        let principal = try Access.writer(Access.companies, to: "close commitments")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let commitment = fields.value("#path/commitmentId") { try CommitmentID(parsing: input.path.commitmentId) }
        let closedOn = fields.date("/closedOn", body.closedOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let commitment, let closedOn else { throw fields.failure }
        let what = "Commitment '\(commitment)'"
        let outcome = try await runCommand(
            FundingDecider.self, stream: .commitment(commitment), creates: false, what: what
        ) { state in
            try await requireFunder(principal, of: state, what: what)
            return Decision(command: .close(CloseCommitment(closedOn: closedOn, reason: body.reason)))
        }
        return .ok(outcome.acceptedResponse)
    }
}
