import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func draftAgreement(_ input: Operations.DraftAgreement.Input) async throws -> Operations.DraftAgreement.Output {
        _ = try Access.writer(Access.keepers, to: "draft agreements")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let agreement = fields.value("/agreement") { try AgreementID(parsing: body.agreement) }
        let parties = fields.list("/parties", body.parties, max: .parties) { fields, at, party in
            fields.value("\(at)/party") { try AgreementParty(party: PartyID(parsing: party.party), role: PartyRole(party.role)) }
        }
        let costShares = fields.costShares("/costShares", body.costShares)
        let ipTerms = IPTerms(body.ipTerms)
        let term = fields.period("/term", from: body.term.from, to: body.term.to)
        let draftedOn = fields.date("/draftedOn", body.draftedOn)
        fields.text("/title", body.title, .title)
        // People terms that do not parse leave their problem behind, so `ok` is false below.
        let peopleTerms = body.peopleTerms.flatMap { fields.peopleTerms("/peopleTerms", $0) }
        guard fields.ok, let lab, let agreement, let parties, let costShares, let term, let draftedOn else {
            throw fields.failure
        }
        let drafting = AgreementDraftingFacts(lab: try await facts.lab(lab), parties: try await facts.parties(parties.map(\.party)))
        let command = DraftAgreement(
            agreement: agreement, lab: lab, kind: AgreementKind(body.kind), title: body.title, parties: parties,
            costShares: costShares, ipTerms: ipTerms, term: term, draftedOn: draftedOn, peopleTerms: peopleTerms,
            setsUpLab: body.setsUpLab ?? false, facts: drafting)
        let outcome = try await runCommand(
            AgreementDecider.self, stream: .agreement(agreement), creates: true,
            location: "/v1/agreements/\(agreement)", what: "Agreement '\(agreement)'"
        ) { _ in Decision(command: .draft(command)) }
        return .created(outcome.createdResponse)
    }

    func signAgreement(_ input: Operations.SignAgreement.Input) async throws -> Operations.SignAgreement.Output {
        let principal = try Access.writer(Access.parties, to: "sign agreements")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let agreement = fields.value("#path/agreementId") { try AgreementID(parsing: input.path.agreementId) }
        let party = fields.value("/party") { try PartyID(parsing: body.party) }
        let signatory = fields.value("/signatory") { try PersonID(parsing: body.signatory) }
        let signedOn = fields.date("/signedOn", body.signedOn)
        let person = fields.personalData("/person", body.person)
        fields.text("/signatoryTitle", body.signatoryTitle, .label)
        guard fields.ok, let agreement, let party, let signatory, let signedOn, let person else { throw fields.failure }
        let what = "Agreement '\(agreement)'"
        let command = SignAgreement(
            party: party, signatory: signatory, signatoryTitle: body.signatoryTitle, signedOn: signedOn, person: person)
        let outcome = try await runCommand(
            AgreementDecider.self, stream: .agreement(agreement), creates: false, what: what
        ) { state in
            try Access.requireVisible(principal, parties: state.partyIDs, what: what)
            try Access.requireActingAs(principal, party, field: "/party")
            return Decision(command: .sign(command))
        }
        return .ok(outcome.acceptedResponse)
    }

    func amendAgreement(_ input: Operations.AmendAgreement.Input) async throws -> Operations.AmendAgreement.Output {
        _ = try Access.writer(Access.keepers, to: "amend agreements")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let agreement = fields.value("#path/agreementId") { try AgreementID(parsing: input.path.agreementId) }
        let costShares = body.costShares.flatMap { fields.costShares("/costShares", $0) }
        let ipTerms = body.ipTerms.map(IPTerms.init)
        let term = body.term.flatMap { fields.period("/term", from: $0.from, to: $0.to) }
        let effectiveFrom = fields.date("/effectiveFrom", body.effectiveFrom)
        fields.text("/summary", body.summary, .reason)
        guard fields.ok, let agreement, let effectiveFrom else { throw fields.failure }
        let changes = AmendmentChanges(summary: body.summary, costShares: costShares, term: term, ipTerms: ipTerms)
        let command = AmendAgreement(number: body.number, changes: changes, effectiveFrom: effectiveFrom)
        let outcome = try await runCommand(
            AgreementDecider.self, stream: .agreement(agreement), creates: false,
            what: "Agreement '\(agreement)'"
        ) { _ in Decision(command: .amend(command)) }
        return .ok(outcome.acceptedResponse)
    }

    func terminateAgreement(_ input: Operations.TerminateAgreement.Input) async throws -> Operations.TerminateAgreement.Output {
        _ = try Access.writer(Access.keepers, to: "terminate agreements")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let agreement = fields.value("#path/agreementId") { try AgreementID(parsing: input.path.agreementId) }
        let effectiveOn = fields.date("/effectiveOn", body.effectiveOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let agreement, let effectiveOn else { throw fields.failure }
        let outcome = try await runCommand(
            AgreementDecider.self, stream: .agreement(agreement), creates: false,
            what: "Agreement '\(agreement)'"
        ) { _ in Decision(command: .terminate(TerminateAgreement(reason: body.reason, effectiveOn: effectiveOn))) }
        return .ok(outcome.acceptedResponse)
    }

    func expireAgreement(_ input: Operations.ExpireAgreement.Input) async throws -> Operations.ExpireAgreement.Output {
        _ = try Access.writer(Access.keepers, to: "expire agreements")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let agreement = fields.value("#path/agreementId") { try AgreementID(parsing: input.path.agreementId) }
        let expiredOn = fields.date("/expiredOn", body.expiredOn)
        guard fields.ok, let agreement, let expiredOn else { throw fields.failure }
        let outcome = try await runCommand(
            AgreementDecider.self, stream: .agreement(agreement), creates: false,
            what: "Agreement '\(agreement)'"
        ) { _ in Decision(command: .expire(ExpireAgreement(expiredOn: expiredOn))) }
        return .ok(outcome.acceptedResponse)
    }
}

extension Fields {
    /// Ids are parsed here (400 for a malformed one); whether each is a party is the decider's rule.
    mutating func peopleTerms(_ pointer: String, _ terms: Components.Schemas.AgreementPeopleTerms) -> PeopleTerms? {
        let funders = values("\(pointer)/phdFunders", terms.phdFunders, max: .parties) { try PartyID(parsing: $0) }
        let grantors = values("\(pointer)/degreeGrantors", terms.degreeGrantors, max: .parties) { try PartyID(parsing: $0) }
        let hosts = values("\(pointer)/internshipHosts", terms.internshipHosts, max: .parties) { try PartyID(parsing: $0) }
        text("\(pointer)/postdocRecruitmentScope", terms.postdocRecruitmentScope, .label)
        guard let funders, let grantors, let hosts else { return nil }
        return PeopleTerms(
            phdFunders: funders, degreeGrantors: grantors, internshipHosts: hosts, recruitsPostdocs: terms.recruitsPostdocs,
            postdocRecruitmentScope: terms.postdocRecruitmentScope)
    }

    mutating func costShares(_ pointer: String, _ shares: [Components.Schemas.AgreementCostShare]) -> [CostShare]? {
        list(pointer, shares, max: .parties) { fields, at, share in
            let party = fields.value("\(at)/party") { try PartyID(parsing: share.party) }
            let basisPoints = fields.value("\(at)/basisPoints") { try BasisPoints(share.basisPoints) }
            guard let party, let basisPoints else { return nil }
            return CostShare(party: party, basisPoints: basisPoints)
        }
    }
}
