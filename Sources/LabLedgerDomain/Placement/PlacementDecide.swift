/// Placement: a PhD studentship or a postdoc appointment, with internships and stipends. An
/// internship's host is a party to an executed, unterminated agreement covering its dates;
/// only the degree-granting university confers the degree; stipends draw on the sponsor's
/// commitment and never beyond its balance.
public enum PlacementDecider: Decider {
    public static func decide(_ command: PlacementCommand, _ state: PlacementState) throws(DomainError) -> [PlacementEvent] {
        switch command {
        case .awardStudentship(let c): return try award(c, state)
        case .appointPostdoc(let c): return try appoint(c, state)
        case .payStipend(let c): return try pay(c, state)
        case .startInternship(let c): return try startInternship(c, state)

        case .endInternship(let c):
            _ = try requireActive(state)
            guard let internship = state.currentInternship else {
                throw DomainError(code: "placement.no-internship-in-progress", message: "No internship is in progress.")
            }
            let end = internship.period.to ?? c.endedOn
            try Rule.require(c.endedOn > internship.period.from && c.endedOn <= end, code: "placement.internship-end-outside-period",
                "The internship \(internship.period) cannot end on \(c.endedOn).")
            return [.internshipEnded(InternshipEnded(endedOn: c.endedOn))]

        case .conferDegree(let c):
            let period = try requireActive(state)
            try Rule.require(state.kind == .studentship, code: "placement.not-a-studentship", "Only a studentship leads to a degree.")
            try Rule.require(c.grantor == state.degreeGrantor, code: "placement.not-the-degree-grantor",
                "Only the degree-granting university \(state.degreeGrantor.map(\.rawValue) ?? "") confers this degree, not '\(c.grantor)'.")
            try Rule.require(state.degreeConferredOn == nil, code: "placement.degree-already-conferred", "The degree has already been conferred.")
            try Rule.requireText(c.degree, .label, code: "placement.degree-required", "Name the degree conferred.")
            try Rule.require(c.conferredOn > period.from, code: "placement.date-before-start", "A degree is conferred after the studentship starts on \(period.from).")
            return [.degreeConferred(DegreeConferred(grantor: c.grantor, degree: c.degree, conferredOn: c.conferredOn))]

        case .end(let c):
            let period = try requireActive(state)
            try Rule.require(state.currentInternship == nil, code: "placement.internship-in-progress", "End the internship in progress first.")
            try Rule.require(c.endedOn >= period.from, code: "placement.date-before-start", "A placement cannot end before it starts on \(period.from).")
            return [.ended(PlacementEnded(reason: c.reason, endedOn: c.endedOn))]
        }
    }

    private static func award(_ c: AwardStudentship, _ state: PlacementState) throws(DomainError) -> [PlacementEvent] {
        try Rule.require(state.kind == nil, code: "placement.already-exists", "Placement '\(c.placement)' already exists.")
        let agreement = try requireInForce(c.facts, lab: c.lab, agreement: c.agreement)
        try Rule.require(agreement.isParty(c.sponsor), code: "placement.sponsor-not-a-party",
            "Sponsor '\(c.sponsor)' is not a party to agreement '\(c.agreement)'.")
        try Rule.require(agreement.isParty(c.degreeGrantor), code: "placement.degree-grantor-not-a-party",
            "Degree grantor '\(c.degreeGrantor)' is not a party to agreement '\(c.agreement)'.")
        try Rule.require(agreement.parties[c.degreeGrantor] == .university, code: "placement.degree-grantor-not-a-university",
            "'\(c.degreeGrantor)' is not the university under agreement '\(c.agreement)' and cannot grant a degree.")
        try Rule.require(c.stipend.monthly.isPositive, code: "placement.non-positive-stipend", "A stipend is a positive monthly amount.")
        try requireDrawable(c.commitment, id: c.stipend.commitment, sponsor: c.sponsor, currency: c.stipend.monthly.currency)
        try Rule.require(agreement.term.contains(c.period.from), code: "placement.outside-agreement-term",
            "The studentship starts on \(c.period.from), outside the agreement's term \(agreement.term).")
        return [.studentshipAwarded(StudentshipAwarded(
            placement: c.placement, lab: c.lab, agreement: c.agreement, student: c.student, orcid: c.orcid,
            degreeGrantor: c.degreeGrantor, sponsor: c.sponsor, stipend: c.stipend, period: c.period,
            awardedOn: c.awardedOn, person: c.person))]
    }

    private static func appoint(_ c: AppointPostdoc, _ state: PlacementState) throws(DomainError) -> [PlacementEvent] {
        try Rule.require(state.kind == nil, code: "placement.already-exists", "Placement '\(c.placement)' already exists.")
        let agreement = try requireInForce(c.facts, lab: c.lab, agreement: c.agreement)
        try Rule.require(agreement.isParty(c.employer), code: "placement.employer-not-a-party",
            "Employer '\(c.employer)' is not a party to agreement '\(c.agreement)'.")
        try Rule.require(agreement.term.contains(c.period.from), code: "placement.outside-agreement-term",
            "The appointment starts on \(c.period.from), outside the agreement's term \(agreement.term).")
        return [.postdocAppointed(PostdocAppointed(
            placement: c.placement, lab: c.lab, agreement: c.agreement, researcher: c.researcher, orcid: c.orcid,
            employer: c.employer, period: c.period, appointedOn: c.appointedOn, person: c.person))]
    }

    private static func pay(_ c: PayStipend, _ state: PlacementState) throws(DomainError) -> [PlacementEvent] {
        let period = try requireActive(state)
        guard state.kind == .studentship, let stipend = state.stipend, let sponsor = state.sponsor else {
            throw DomainError(code: "placement.not-a-studentship", message: "Only a studentship is paid a stipend.")
        }
        try Rule.require(c.amount.isPositive, code: "placement.non-positive-stipend", "A stipend payment is a positive amount.")
        try Rule.require(c.commitment.commitment == stipend.commitment, code: "placement.commitment-mismatch",
            "The stipend draws on commitment '\(stipend.commitment)', not '\(c.commitment.commitment)'.")
        try requireDrawable(c.commitment, id: stipend.commitment, sponsor: sponsor, currency: c.amount.currency)
        try Rule.require(c.commitment.balance.units >= c.amount.minorUnits, code: "placement.commitment-balance-insufficient",
            "Commitment '\(stipend.commitment)' has \(c.commitment.balance) left, less than the \(c.amount) to pay.")
        try Rule.requireText(c.reference, .reference, code: "placement.reference-required", "A stipend payment carries a reference.")
        try Rule.require(!state.stipendReferences.contains(c.reference), code: "placement.duplicate-stipend-reference",
            "A stipend with reference '\(c.reference)' was already paid.")
        try Rule.require(period.contains(c.forPeriod), code: "placement.stipend-outside-studentship",
            "The stipend period \(c.forPeriod) is not within the studentship \(period).")
        return [.stipendPaid(StipendPaid(amount: c.amount, forPeriod: c.forPeriod, paidOn: c.paidOn, commitment: stipend.commitment, reference: c.reference))]
    }

    private static func startInternship(_ c: StartInternship, _ state: PlacementState) throws(DomainError) -> [PlacementEvent] {
        let period = try requireActive(state)
        try Rule.require(state.kind == .studentship, code: "placement.not-a-studentship", "Internships are offered to PhD students.")
        try Rule.require(state.currentInternship == nil, code: "placement.internship-in-progress", "Another internship is still in progress.")
        guard c.period.to != nil else {
            throw DomainError(code: "placement.internship-needs-end-date", message: "An internship has an end date.")
        }
        let agreement = c.agreement
        try Rule.require(agreement.isParty(c.host), code: "placement.host-not-a-party",
            "'\(c.host)' is not a party to agreement '\(agreement.agreement)' and cannot host an intern under it.")
        try agreement.requireInForce(agreement.agreement, namespace: "placement")
        try Rule.require(agreement.term.contains(c.period), code: "placement.internship-outside-agreement-term",
            "The internship \(c.period) is not covered by the agreement's term \(agreement.term).")
        try Rule.require(period.contains(c.period), code: "placement.internship-outside-placement",
            "The internship \(c.period) falls outside the studentship \(period).")
        return [.internshipStarted(InternshipStarted(host: c.host, agreement: agreement.agreement, period: c.period))]
    }

    /// The agreement facts, once lab and agreement are shown to be active and executed.
    private static func requireInForce(_ facts: PlacementFacts, lab: LabID, agreement: AgreementID) throws(DomainError) -> AgreementFacts {
        try facts.lab.requireActive(lab, namespace: "placement")
        try facts.agreement.requireInForce(agreement, namespace: "placement")
        try Rule.require(facts.agreement.lab == lab, code: "placement.agreement-of-another-lab",
            "Agreement '\(agreement)' belongs to lab '\(facts.agreement.lab)', not '\(lab)'.")
        return facts.agreement
    }

    /// The commitment is the sponsor's, for PhD stipends, open, and in the stipend's currency.
    private static func requireDrawable(_ commitment: CommitmentFacts, id: CommitmentID, sponsor: PartyID, currency: CurrencyCode) throws(DomainError) {
        try Rule.require(commitment.commitment == id, code: "placement.commitment-mismatch",
            "The facts given are for commitment '\(commitment.commitment)', not '\(id)'.")
        try Rule.require(commitment.funder == sponsor, code: "placement.commitment-not-from-sponsor",
            "Commitment '\(id)' is funded by '\(commitment.funder)', not the sponsor '\(sponsor)'.")
        try Rule.require(commitment.purpose == .phdStipend, code: "placement.commitment-not-for-stipends",
            "Commitment '\(id)' is for \(commitment.purpose.rawValue), not PhD stipends.")
        try Rule.require(!commitment.closed, code: "placement.commitment-closed", "Commitment '\(id)' is closed.")
        guard case .cash(let balance) = commitment.balance, balance.currency == currency else {
            throw DomainError(code: "placement.currency-mismatch", message: "Commitment '\(id)' is in \(commitment.balance.denomination), the stipend in \(currency).")
        }
    }

    /// The placement's period, if it exists and has not ended.
    private static func requireActive(_ state: PlacementState) throws(DomainError) -> DateRange {
        guard let period = state.period else {
            throw DomainError(code: "placement.not-found", message: "No studentship or postdoc has been started on this stream.")
        }
        if let endedOn = state.endedOn {
            throw DomainError(code: "placement.ended", message: "The placement ended on \(endedOn).")
        }
        return period
    }
}
