import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func foundLab(_ input: Operations.FoundLab.Input) async throws -> Operations.FoundLab.Output {
        _ = try Access.writer(Access.keepers, to: "found labs")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("/lab") { try LabID(parsing: body.lab) }
        let founders = fields.list("/founders", body.founders, max: .parties) { fields, at, founder in
            fields.value("\(at)/party") { try LabParty(party: PartyID(parsing: founder.party), role: PartyRole(founder.role)) }
        }
        let foundedOn = fields.date("/foundedOn", body.foundedOn)
        fields.text("/name", body.name, .name)
        let researchAreas = fields.texts("/researchAreas", body.researchAreas ?? [], max: .researchAreas, .label)
        // A profile that does not parse leaves its problem behind, so `ok` is false below.
        let profile = body.profile.flatMap { fields.labProfile("/profile", $0) }
        guard fields.ok, let lab, let founders, let foundedOn, let researchAreas else { throw fields.failure }
        let known = try await facts.parties(founders.map { $0.party })
        let command = FoundLab(
            lab: lab, name: body.name, founders: founders, foundedOn: foundedOn, researchAreas: researchAreas,
            profile: profile, parties: known)
        let outcome = try await runCommand(
            LabDecider.self, stream: .lab(lab), creates: true, location: "/v1/labs/\(lab)",
            what: "Lab '\(lab)'"
        ) { _ in Decision(command: .found(command)) }
        return .created(outcome.createdResponse)
    }

    func admitLabMember(_ input: Operations.AdmitLabMember.Input) async throws -> Operations.AdmitLabMember.Output {
        _ = try Access.writer(Access.keepers, to: "admit lab members")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let party = fields.value("/party") { try PartyID(parsing: body.party) }
        let admittedOn = fields.date("/admittedOn", body.admittedOn)
        guard fields.ok, let lab, let party, let admittedOn else { throw fields.failure }
        let known = try await facts.parties([party])
        let command = AdmitMember(party: party, role: PartyRole(body.role), admittedOn: admittedOn, parties: known)
        let outcome = try await runCommand(
            LabDecider.self, stream: .lab(lab), creates: false, what: "Lab '\(lab)'"
        ) { _ in Decision(command: .admitMember(command)) }
        return .ok(outcome.acceptedResponse)
    }

    func recordLabMemberDeparture(_ input: Operations.RecordLabMemberDeparture.Input) async throws -> Operations.RecordLabMemberDeparture.Output {
        _ = try Access.writer(Access.keepers, to: "record lab departures")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let party = fields.value("/party") { try PartyID(parsing: body.party) }
        let departedOn = fields.date("/departedOn", body.departedOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let lab, let party, let departedOn else { throw fields.failure }
        let command = RecordMemberDeparture(party: party, departedOn: departedOn, reason: body.reason)
        let outcome = try await runCommand(
            LabDecider.self, stream: .lab(lab), creates: false, what: "Lab '\(lab)'"
        ) { _ in Decision(command: .recordDeparture(command)) }
        return .ok(outcome.acceptedResponse)
    }

    func appointAdvisoryBoardMember(_ input: Operations.AppointAdvisoryBoardMember.Input) async throws -> Operations.AppointAdvisoryBoardMember.Output {
        _ = try Access.writer(Access.keepers, to: "appoint advisory board members")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let advisor = fields.value("/advisor") { try PersonID(parsing: body.advisor) }
        let orcid = fields.optional("/orcid", body.orcid) { try ORCID(parsing: $0) }
        let appointedOn = fields.date("/appointedOn", body.appointedOn)
        let person = fields.personalData("/person", body.person)
        fields.text("/expertise", body.expertise, .label)
        guard fields.ok, let lab, let advisor, let appointedOn, let person else { throw fields.failure }
        let command = AppointAdvisoryBoardMember(
            advisor: advisor, orcid: orcid, expertise: body.expertise, appointedOn: appointedOn, person: person)
        let outcome = try await runCommand(
            LabDecider.self, stream: .lab(lab), creates: false, what: "Lab '\(lab)'"
        ) { _ in Decision(command: .appointAdvisoryBoardMember(command)) }
        return .ok(outcome.acceptedResponse)
    }

    func recordLabProfile(_ input: Operations.RecordLabProfile.Input) async throws -> Operations.RecordLabProfile.Output {
        _ = try Access.writer(Access.keepers, to: "record lab profiles")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let sharers = fields.values("/operatingCostSharers", body.operatingCostSharers, max: .parties) { try PartyID(parsing: $0) }
        let recordedOn = fields.date("/recordedOn", body.recordedOn)
        guard fields.ok, let lab, let sharers, let recordedOn else { throw fields.failure }
        let profile = LabProfile(nonProfit: body.nonProfit, financiallyIndependent: body.financiallyIndependent, operatingCostSharers: sharers)
        let outcome = try await runCommand(
            LabDecider.self, stream: .lab(lab), creates: false, what: "Lab '\(lab)'"
        ) { _ in Decision(command: .recordProfile(RecordLabProfile(profile: profile, recordedOn: recordedOn))) }
        return .ok(outcome.acceptedResponse)
    }

    func dissolveLab(_ input: Operations.DissolveLab.Input) async throws -> Operations.DissolveLab.Output {
        _ = try Access.writer(Access.keepers, to: "dissolve labs")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let dissolvedOn = fields.date("/dissolvedOn", body.dissolvedOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let lab, let dissolvedOn else { throw fields.failure }
        let outcome = try await runCommand(
            LabDecider.self, stream: .lab(lab), creates: false, what: "Lab '\(lab)'"
        ) { _ in Decision(command: .dissolve(DissolveLab(dissolvedOn: dissolvedOn, reason: body.reason))) }
        return .ok(outcome.acceptedResponse)
    }
}

extension Fields {
    /// A profile given at founding; nil (with the problem recorded) when a sharer's id is malformed.
    mutating func labProfile(_ pointer: String, _ profile: Components.Schemas.LabProfile) -> LabProfile? {
        guard let sharers = values("\(pointer)/operatingCostSharers", profile.operatingCostSharers, max: .parties, { try PartyID(parsing: $0) }) else {
            return nil
        }
        return LabProfile(nonProfit: profile.nonProfit, financiallyIndependent: profile.financiallyIndependent, operatingCostSharers: sharers)
    }

    /// Each part's length is checked at its own pointer first; the rest (a name, an address
    /// that looks like one) by `PersonalData` itself.
    mutating func personalData(_ pointer: String, _ person: Components.Schemas.PersonalData) -> PersonalData? {
        let before = problems.count
        text("\(pointer)/name", person.name, .personName)
        text("\(pointer)/email", person.email, .email)
        text("\(pointer)/phone", person.phone, .phone)
        // Each part's rule at that part, so a blank name and a bad address are both named.
        _ = value("\(pointer)/name") { try PersonalData.checkName(person.name) }
        if let email = person.email { _ = value("\(pointer)/email") { try PersonalData.checkEmail(email) } }
        guard problems.count == before else { return nil }
        return value(pointer) { try PersonalData(name: person.name, email: person.email, phone: person.phone) }
    }
}
