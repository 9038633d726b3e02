import LabLedgerContract
import LabLedgerDomain

/// Exclusive and sole licences by consent: a co-owner proposes, each co-owner consents for
/// itself, and the last consent grants the licence (`IPAssetProposalDecide.swift`). A party key
/// acts for its own party only, and only as a current owner; keepers record any owner's step.
extension APIHandler {
    func proposeLicence(_ input: Operations.ProposeLicence.Input) async throws -> Operations.ProposeLicence.Output {
        let principal = try Access.writer(Access.parties, to: "propose licences")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let licence = fields.value("/licence") { try LicenceID(parsing: body.licence) }
        let proposedBy = fields.value("/proposedBy") { try PartyID(parsing: body.proposedBy) }
        let licensee = fields.value("/licensee") { try PartyID(parsing: body.licensee) }
        let fieldsOfUse = fields.values("/fields", body.fields, max: .fieldsOfUse) { try FieldOfUse(parsing: $0) }
        let territories = fields.values("/territories", body.territories, max: .territories) { try Territory(parsing: $0) }
        let term = fields.period("/term", from: body.term.from, to: body.term.to)
        let rate = fields.basisPoints("/royalty/rateBasisPoints", body.royalty.rateBasisPoints)
        let minimum = body.royalty.minimumAnnual.map { fields.assetMoney("/royalty/minimumAnnual", $0) }
        let proposedOn = fields.date("/proposedOn", body.proposedOn)
        let expiresOn = body.expiresOn.map { fields.date("/expiresOn", $0) }
        guard fields.ok, let (id, stream) = asset, let licence, let proposedBy, let licensee, let fieldsOfUse, let territories, let term,
            let rate, let proposedOn
        else { throw fields.failure }
        let exclusivity: Exclusivity = switch body.exclusivity {
        case .exclusive: .exclusive
        case .sole: .sole
        }
        let what = "IP asset '\(id)'"
        let outcome = try await runCommand(IPAssetDecider.self, stream: stream, creates: false, what: what) { state in
            try await requireCoOwnerActing(principal, as: proposedBy, field: "/proposedBy", state, what, doing: Self.proposalSteps)
            let known = try await facts.parties([licensee])
            return Decision(command: .proposeLicence(ProposeLicence(
                licence: licence, proposedBy: proposedBy, licensee: licensee, exclusivity: exclusivity, fields: fieldsOfUse,
                territories: territories, term: term, sublicensable: body.sublicensable ?? false,
                royalty: Royalty(rateBasisPoints: rate, minimumAnnual: minimum ?? nil), proposedOn: proposedOn, expiresOn: expiresOn ?? nil,
                parties: known)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func consentToLicence(_ input: Operations.ConsentToLicence.Input) async throws -> Operations.ConsentToLicence.Output {
        let principal = try Access.writer(Access.parties, to: "consent to licences")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let licence = fields.value("#path/licenceId") { try LicenceID(parsing: input.path.licenceId) }
        let by = fields.value("/by") { try PartyID(parsing: body.by) }
        let consentedOn = fields.date("/consentedOn", body.consentedOn)
        guard fields.ok, let (id, stream) = asset, let licence, let by, let consentedOn else { throw fields.failure }
        let what = "IP asset '\(id)'"
        let outcome = try await runCommand(IPAssetDecider.self, stream: stream, creates: false, what: what) { state in
            try await requireCoOwnerActing(principal, as: by, field: "/by", state, what, doing: Self.proposalSteps)
            return Decision(command: .consentToLicence(ConsentToLicence(licence: licence, by: by, consentedOn: consentedOn)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func withdrawLicenceProposal(_ input: Operations.WithdrawLicenceProposal.Input) async throws -> Operations.WithdrawLicenceProposal.Output {
        let principal = try Access.writer(Access.parties, to: "withdraw licence proposals")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let licence = fields.value("#path/licenceId") { try LicenceID(parsing: input.path.licenceId) }
        let by = fields.value("/by") { try PartyID(parsing: body.by) }
        let withdrawnOn = fields.date("/withdrawnOn", body.withdrawnOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let (id, stream) = asset, let licence, let by, let withdrawnOn else { throw fields.failure }
        let what = "IP asset '\(id)'"
        let outcome = try await runCommand(IPAssetDecider.self, stream: stream, creates: false, what: what) { state in
            // The proposer takes its own proposal back even after giving away its whole share,
            // as the domain allows; anyone else acting for itself must co-own the asset.
            let proposer = state.proposal(licence)?.proposedBy
            try await requireCoOwnerActing(principal, as: by, field: "/by", state, what, doing: Self.proposalSteps, orProposer: proposer)
            return Decision(command: .withdrawLicenceProposal(WithdrawLicenceProposal(
                licence: licence, by: by, withdrawnOn: withdrawnOn, reason: body.reason)))
        }
        return .ok(outcome.acceptedResponse)
    }
}
