import LabLedgerContract
import LabLedgerDomain

/// Disclosure and ownership of IP assets.
extension APIHandler {
    func discloseInvention(_ input: Operations.DiscloseInvention.Input) async throws -> Operations.DiscloseInvention.Output {
        let principal = try Access.writer(Access.universities, to: "disclose inventions")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let asset = fields.value("/asset") { try IPAssetID(parsing: body.asset) }
        let agreement = fields.value("/agreement") { try AgreementID(parsing: body.agreement) }
        let inventors = fields.list("/inventors", body.inventors, max: .inventors) { fields, at, inventor -> Inventor? in
            let orcid = fields.value("\(at)/orcid") { try ORCID(parsing: inventor.orcid) }
            let share = fields.basisPoints("\(at)/shareBasisPoints", inventor.shareBasisPoints)
            guard let orcid, let share else { return nil }
            return Inventor(orcid: orcid, shareBasisPoints: share)
        }
        let outputs = fields.values("/fromOutputs", body.fromOutputs ?? [], max: .outputs) { try OutputID(parsing: $0) }
        let disclosedOn = fields.date("/disclosedOn", body.disclosedOn)
        fields.text("/title", body.title, .title)
        guard fields.ok, let lab, let asset, let agreement, let inventors, let outputs, let disclosedOn else { throw fields.failure }
        let outcome = try await runCommand(
            IPAssetDecider.self, stream: .ipAsset(asset), creates: true,
            location: "/v1/ip-assets/\(asset)", what: "IP asset '\(asset)'"
        ) { _ in
            let known = try await facts.disclosure(lab: lab, agreement: agreement, outputs: outputs)
            try Access.requireVisible(principal, parties: known.agreement.parties.keys, what: "Agreement '\(agreement)'")
            return Decision(command: .disclose(DiscloseInvention(
                asset: asset, lab: lab, agreement: agreement, title: body.title, inventors: inventors, fromOutputs: outputs,
                disclosedOn: disclosedOn, facts: known)))
        }
        return .created(outcome.createdResponse)
    }

    func determineIPAssetOwnership(_ input: Operations.DetermineIPAssetOwnership.Input) async throws -> Operations.DetermineIPAssetOwnership.Output {
        _ = try Access.writer(Access.keepers, to: "determine ownership of IP assets")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let owners = fields.list("/owners", body.owners, max: .parties) { fields, at, owner -> AssetOwner? in
            let party = fields.value("\(at)/party") { try PartyID(parsing: owner.party) }
            let share = fields.basisPoints("\(at)/shareBasisPoints", owner.shareBasisPoints)
            guard let party, let share else { return nil }
            return AssetOwner(party: party, shareBasisPoints: share)
        }
        let determinedOn = fields.date("/determinedOn", body.determinedOn)
        guard fields.ok, let (id, stream) = asset, let owners, let determinedOn else { throw fields.failure }
        let outcome = try await runCommand(
            IPAssetDecider.self, stream: stream, creates: false, what: "IP asset '\(id)'"
        ) { state in
            let agreement = try await facts.assetAgreement(state)
            return Decision(command: .determineOwnership(DetermineOwnership(owners: owners, determinedOn: determinedOn, agreement: agreement)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func transferIPAssetOwnership(_ input: Operations.TransferIPAssetOwnership.Input) async throws -> Operations.TransferIPAssetOwnership.Output {
        let principal = try Access.writer(Access.parties, to: "transfer ownership of IP assets")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let from = fields.value("/from") { try PartyID(parsing: body.from) }
        let to = fields.value("/to") { try PartyID(parsing: body.to) }
        let share = fields.basisPoints("/shareBasisPoints", body.shareBasisPoints)
        let transferredOn = fields.date("/transferredOn", body.transferredOn)
        guard fields.ok, let (id, stream) = asset, let from, let to, let share, let transferredOn else { throw fields.failure }
        let what = "IP asset '\(id)'"
        let outcome = try await runCommand(
            IPAssetDecider.self, stream: stream, creates: false, what: what
        ) { state in
            try await requireAssetVisible(principal, state, what)
            try Access.requireActingAs(principal, from, field: "/from")
            let known = try await facts.parties([to])
            return Decision(command: .transferOwnership(TransferOwnership(
                from: from, to: to, shareBasisPoints: share, transferredOn: transferredOn, parties: known)))
        }
        return .ok(outcome.acceptedResponse)
    }
}
