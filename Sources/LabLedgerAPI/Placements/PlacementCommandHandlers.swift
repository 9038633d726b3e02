import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func awardStudentship(_ input: Operations.AwardStudentship.Input) async throws -> Operations.AwardStudentship.Output {
        let principal = try Access.writer(Access.universities, to: "award studentships")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let placement = fields.value("/placement") { try PlacementID(parsing: body.placement) }
        let agreement = fields.value("/agreement") { try AgreementID(parsing: body.agreement) }
        let student = fields.value("/student") { try PersonID(parsing: body.student) }
        let orcid = fields.optional("/orcid", body.orcid) { try ORCID(parsing: $0) }
        let grantor = fields.value("/degreeGrantor") { try PartyID(parsing: body.degreeGrantor) }
        let sponsor = fields.value("/sponsor") { try PartyID(parsing: body.sponsor) }
        let monthly = fields.placementMoney("/stipend/monthly", body.stipend.monthly)
        let commitment = fields.value("/stipend/commitment") { try CommitmentID(parsing: body.stipend.commitment) }
        let period = fields.placementPeriod("/period", body.period)
        let awardedOn = fields.date("/awardedOn", body.awardedOn)
        let person = fields.personalData("/person", body.person)
        guard fields.ok, let lab, let placement, let agreement, let student, let grantor, let sponsor, let monthly,
            let commitment, let period, let awardedOn, let person
        else { throw fields.failure }
        let outcome = try await runCommand(
            PlacementDecider.self, stream: .placement(placement), creates: true,
            location: "/v1/placements/\(placement)", what: "Placement '\(placement)'"
        ) { _ in
            let agreementFacts = try await placementAgreement(agreement, principal: principal)
            try Access.requireActingAs(principal, grantor, field: "/degreeGrantor")
            let command = AwardStudentship(
                placement: placement, lab: lab, agreement: agreement, student: student, orcid: orcid, degreeGrantor: grantor,
                sponsor: sponsor, stipend: Stipend(monthly: monthly, commitment: commitment), period: period,
                awardedOn: awardedOn, person: person,
                facts: PlacementFacts(lab: try await facts.lab(lab), agreement: agreementFacts),
                commitment: try await facts.commitment(commitment, namespace: "placement"))
            return Decision(command: .awardStudentship(command))
        }
        return .created(outcome.createdResponse)
    }

    func appointPostdoc(_ input: Operations.AppointPostdoc.Input) async throws -> Operations.AppointPostdoc.Output {
        let principal = try Access.writer(Access.universities, to: "appoint postdocs")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let placement = fields.value("/placement") { try PlacementID(parsing: body.placement) }
        let agreement = fields.value("/agreement") { try AgreementID(parsing: body.agreement) }
        let researcher = fields.value("/researcher") { try PersonID(parsing: body.researcher) }
        let orcid = fields.optional("/orcid", body.orcid) { try ORCID(parsing: $0) }
        let employer = fields.value("/employer") { try PartyID(parsing: body.employer) }
        let period = fields.placementPeriod("/period", body.period)
        let appointedOn = fields.date("/appointedOn", body.appointedOn)
        let person = fields.personalData("/person", body.person)
        guard fields.ok, let lab, let placement, let agreement, let researcher, let employer, let period, let appointedOn,
            let person
        else { throw fields.failure }
        let outcome = try await runCommand(
            PlacementDecider.self, stream: .placement(placement), creates: true,
            location: "/v1/placements/\(placement)", what: "Placement '\(placement)'"
        ) { _ in
            let agreementFacts = try await placementAgreement(agreement, principal: principal)
            try Access.requireActingAs(principal, employer, field: "/employer")
            let command = AppointPostdoc(
                placement: placement, lab: lab, agreement: agreement, researcher: researcher, orcid: orcid, employer: employer,
                period: period, appointedOn: appointedOn, person: person,
                facts: PlacementFacts(lab: try await facts.lab(lab), agreement: agreementFacts))
            return Decision(command: .appointPostdoc(command))
        }
        return .created(outcome.createdResponse)
    }
}
