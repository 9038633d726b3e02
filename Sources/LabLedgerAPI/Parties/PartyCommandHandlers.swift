import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func registerParty(_ input: Operations.RegisterParty.Input) async throws -> Operations.RegisterParty.Output {
        _ = try Access.writer(Access.keepers, to: "register parties")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let party = fields.value("/party") { try PartyID(parsing: body.party) }
        let country = fields.value("/country") { try CountryCode(parsing: body.country) }
        let ror = fields.optional("/ror", body.ror) { try ROR(parsing: $0) }
        fields.text("/name", body.name, .name)
        guard fields.ok, let party, let country else { throw fields.failure }
        let command = RegisterParty(party: party, name: body.name, kind: PartyKind(body.kind), ror: ror, country: country)
        let outcome = try await runCommand(
            PartyDecider.self, stream: .party(party), creates: true,
            location: "/v1/parties/\(party)", what: "Party '\(party)'"
        ) { _ in Decision(command: .register(command)) }
        return .created(outcome.createdResponse)
    }

    func correctPartyDetails(_ input: Operations.CorrectPartyDetails.Input) async throws -> Operations.CorrectPartyDetails.Output {
        _ = try Access.writer(Access.keepers, to: "correct parties")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let party = fields.value("#path/partyId") { try PartyID(parsing: input.path.partyId) }
        let country = fields.value("/country") { try CountryCode(parsing: body.country) }
        let ror = fields.optional("/ror", body.ror) { try ROR(parsing: $0) }
        fields.text("/name", body.name, .name)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let party, let country else { throw fields.failure }
        let command = CorrectPartyDetails(name: body.name, kind: PartyKind(body.kind), ror: ror, country: country, reason: body.reason)
        let outcome = try await runCommand(
            PartyDecider.self, stream: .party(party), creates: false, what: "Party '\(party)'"
        ) { _ in Decision(command: .correctDetails(command)) }
        return .ok(outcome.acceptedResponse)
    }
}

extension PartyKind {
    init(_ kind: Components.Schemas.PartyKind) {
        switch kind {
        case .university: self = .university
        case .company: self = .company
        case .publicBody: self = .publicBody
        case .fund: self = .fund
        case .startup: self = .startup
        }
    }
}
