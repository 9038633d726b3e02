import LabLedgerContract
import LabLedgerDomain

/// Licences of IP assets and their royalties.
extension APIHandler {
    func grantLicence(_ input: Operations.GrantLicence.Input) async throws -> Operations.GrantLicence.Output {
        let principal = try Access.writer(Access.parties, to: "grant licences")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let licence = fields.value("/licence") { try LicenceID(parsing: body.licence) }
        let licensee = fields.value("/licensee") { try PartyID(parsing: body.licensee) }
        let licensors = fields.values("/licensors", body.licensors, max: .coOwners) { try PartyID(parsing: $0) }
        let consents = fields.values("/consents", body.consents ?? [], max: .coOwners) { try PartyID(parsing: $0) }
        let fieldsOfUse = fields.values("/fields", body.fields, max: .fieldsOfUse) { try FieldOfUse(parsing: $0) }
        let territories = fields.values("/territories", body.territories, max: .territories) { try Territory(parsing: $0) }
        let term = fields.period("/term", from: body.term.from, to: body.term.to)
        let rate = fields.basisPoints("/royalty/rateBasisPoints", body.royalty.rateBasisPoints)
        let minimum = body.royalty.minimumAnnual.map { fields.assetMoney("/royalty/minimumAnnual", $0) }
        let grantedOn = fields.date("/grantedOn", body.grantedOn)
        guard fields.ok, let (id, stream) = asset, let licence, let licensee, let licensors, let consents, let fieldsOfUse,
            let territories, let term, let rate, let grantedOn
        else { throw fields.failure }
        let what = "IP asset '\(id)'"
        let outcome = try await runCommand(
            IPAssetDecider.self, stream: stream, creates: false, what: what
        ) { state in
            try await requireAssetVisible(principal, state, what)
            if let party = principal.party {
                // A co-owner speaks for itself only: other co-owners' licensing and written
                // consent are recorded by a keeper, or the domain's consent rule would be one
                // party's say-so.
                guard licensors.contains(party) else {
                    throw Problem.forbidden("This key acts for '\(party)'; /licensors does not include it.")
                }
                if let other = (licensors + consents).first(where: { $0 != party }) {
                    throw Problem.forbidden("This key acts for '\(party)' only; it cannot license or consent for '\(other)'.")
                }
                // As the proposal commands: a party that sees the asset but owns no share is a
                // 403 before the domain is asked, so its answer cannot tell which ids are taken.
                guard state.owners.contains(party) else {
                    throw Problem.forbidden("This key acts for '\(party)', which owns no share of this asset; only a co-owner grants a licence of it.")
                }
            }
            let known = try await facts.parties([licensee])
            return Decision(command: .grantLicence(GrantLicence(
                licence: licence, licensee: licensee, licensors: licensors, consents: consents, exclusivity: Exclusivity(body.exclusivity),
                fields: fieldsOfUse, territories: territories, term: term, sublicensable: body.sublicensable ?? false,
                royalty: Royalty(rateBasisPoints: rate, minimumAnnual: minimum ?? nil), grantedOn: grantedOn, parties: known)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func reportRoyalty(_ input: Operations.ReportRoyalty.Input) async throws -> Operations.ReportRoyalty.Output {
        let principal = try Access.writer(Access.companies, to: "report royalties")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let licence = fields.value("#path/licenceId") { try LicenceID(parsing: input.path.licenceId) }
        let period = fields.period("/period", from: body.period.from, to: body.period.to)
        let netSales = fields.assetMoney("/netSales", body.netSales)
        let royaltyDue = fields.assetMoney("/royaltyDue", body.royaltyDue)
        let reportedOn = fields.date("/reportedOn", body.reportedOn)
        guard fields.ok, let (id, stream) = asset, let licence, let period, let netSales, let royaltyDue, let reportedOn else {
            throw fields.failure
        }
        let what = "IP asset '\(id)'"
        let outcome = try await runCommand(
            IPAssetDecider.self, stream: stream, creates: false, what: what
        ) { state in
            try await requireAssetVisible(principal, state, what)
            if let licensee = state.licence(licence)?.licensee {
                try Access.requireActingAs(principal, licensee, field: "the licence's licensee")
            }
            return Decision(command: .reportRoyalty(ReportRoyalty(
                licence: licence, period: period, netSales: netSales, royaltyDue: royaltyDue, reportedOn: reportedOn)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func recordRoyaltyPayment(_ input: Operations.RecordRoyaltyPayment.Input) async throws -> Operations.RecordRoyaltyPayment.Output {
        _ = try Access.writer(Access.keepers, to: "record royalty payments")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let licence = fields.value("#path/licenceId") { try LicenceID(parsing: input.path.licenceId) }
        let period = fields.period("/period", from: body.period.from, to: body.period.to)
        let amount = fields.assetMoney("/amount", body.amount)
        let paidOn = fields.date("/paidOn", body.paidOn)
        fields.text("/reference", body.reference, .reference)
        guard fields.ok, let (id, stream) = asset, let licence, let period, let amount, let paidOn else { throw fields.failure }
        let outcome = try await runCommand(
            IPAssetDecider.self, stream: stream, creates: false, what: "IP asset '\(id)'"
        ) { _ in
            Decision(command: .recordRoyaltyPayment(RecordRoyaltyPayment(
                licence: licence, period: period, amount: amount, paidOn: paidOn, reference: body.reference)))
        }
        return .ok(outcome.acceptedResponse)
    }

    func terminateLicence(_ input: Operations.TerminateLicence.Input) async throws -> Operations.TerminateLicence.Output {
        _ = try Access.writer(Access.keepers, to: "terminate licences")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let licence = fields.value("#path/licenceId") { try LicenceID(parsing: input.path.licenceId) }
        let effectiveOn = fields.date("/effectiveOn", body.effectiveOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let (id, stream) = asset, let licence, let effectiveOn else { throw fields.failure }
        let outcome = try await runCommand(
            IPAssetDecider.self, stream: stream, creates: false, what: "IP asset '\(id)'"
        ) { _ in
            Decision(command: .terminateLicence(TerminateLicence(licence: licence, effectiveOn: effectiveOn, reason: body.reason)))
        }
        return .ok(outcome.acceptedResponse)
    }
}
