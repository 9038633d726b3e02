/// Accelerator round: applications only inside the window; admissions never beyond capacity;
/// at most two rounds a year per lab; benefits only to admitted startups, cash drawn on a
/// commitment with balance; the cohort graduates once the programme is over, and that is final.
public enum RoundDecider: Decider {
    /// Rounds a lab may open per calendar year (by the year its application window opens).
    public static let roundsPerYear = 2
    public static let programmeMonthsAllowed = 1...36

    public static func decide(_ command: RoundCommand, _ state: RoundState) throws(DomainError) -> [RoundEvent] {
        if case .open(let c) = command { return try open(c, state) }
        let window = try requireRunning(state)
        switch command {
        case .open:
            throw DomainError(code: "round.already-opened", message: "The round has already been opened.")

        case .apply(let c):
            try Rule.require(state.applicant(c.startup) == nil, code: "round.already-applied", "'\(c.startup)' has already applied to this round.")
            try Rule.require(c.parties.registered.contains(c.startup), code: "round.startup-not-registered", "'\(c.startup)' is not a registered party.")
            try Rule.require(window.contains(c.appliedOn), code: "round.outside-application-window",
                "Applications are taken during \(window); \(c.appliedOn) is outside it.")
            return [.startupApplied(StartupApplied(startup: c.startup, appliedOn: c.appliedOn))]

        case .admit(let c):
            let applicant = try requirePending(c.startup, state)
            try Rule.require(state.admitted.count < state.capacity, code: "round.capacity-reached",
                "The round admits \(state.capacity) startups and has admitted \(state.admitted.count).")
            try Rule.require(c.admittedOn >= applicant.appliedOn, code: "round.date-before-application",
                "'\(c.startup)' applied on \(applicant.appliedOn), after \(c.admittedOn).")
            return [.startupAdmitted(StartupAdmitted(startup: c.startup, admittedOn: c.admittedOn))]

        case .reject(let c):
            let applicant = try requirePending(c.startup, state)
            try Rule.requireText(c.reason, .reason, code: "round.reason-required", "A rejection states its reason.")
            try Rule.require(c.rejectedOn >= applicant.appliedOn, code: "round.date-before-application",
                "'\(c.startup)' applied on \(applicant.appliedOn), after \(c.rejectedOn).")
            return [.startupRejected(StartupRejected(startup: c.startup, rejectedOn: c.rejectedOn, reason: c.reason))]

        case .grantBenefit(let c): return try grantBenefit(c, state)

        case .assignMentor(let c):
            let admittedOn = try requireAdmitted(c.startup, state)
            try Rule.require(!(state.mentors[c.startup]?.contains(c.mentor) ?? false), code: "round.mentor-already-assigned",
                "Mentor '\(c.mentor)' is already assigned to '\(c.startup)'.")
            try Rule.require(c.assignedOn >= admittedOn, code: "round.date-before-admission", "'\(c.startup)' was admitted on \(admittedOn), after \(c.assignedOn).")
            let onBoard = c.labAdvisors.contains(c.mentor)
            if let stated = c.advisoryBoardMember {
                let lab = state.lab.map { "lab '\($0)'" } ?? "the round's lab"
                try Rule.require(stated == onBoard, code: "round.mentor-advisory-board-mismatch", onBoard
                    ? "Mentor '\(c.mentor)' sits on the advisory board of \(lab)."
                    : "Mentor '\(c.mentor)' is not on the advisory board of \(lab); appoint them there first, or assign them as an outside mentor.")
            }
            return [.mentorAssigned(MentorAssigned(
                startup: c.startup, mentor: c.mentor, assignedOn: c.assignedOn, person: c.person, advisoryBoardMember: onBoard ? true : nil))]

        case .graduate(let c):
            guard let programme = state.programme, let end = programme.to else {
                throw DomainError(code: "round.invalid-programme-length", message: "The round's programme has no end date.")
            }
            try Rule.require(c.graduatedOn >= end, code: "round.programme-not-over",
                "The programme runs \(programme); the cohort graduates on or after \(end), not \(c.graduatedOn).")
            try Rule.require(!state.admitted.isEmpty, code: "round.no-admitted-startups", "No startup was admitted; there is nobody to graduate.")
            return [.cohortGraduated(CohortGraduated(graduates: state.admitted, graduatedOn: c.graduatedOn))]
        }
    }

    /// Upper bounds that keep every accepted round storable (read models hold them as 32-bit integers).
    public static let maxNumber = 10_000
    public static let maxCapacity = 10_000

    private static func open(_ c: OpenRound, _ state: RoundState) throws(DomainError) -> [RoundEvent] {
        try Rule.require(!state.isOpened, code: "round.already-opened", "Round '\(c.round)' has already been opened.")
        try c.labFacts.requireActive(c.lab, namespace: "round")
        try Rule.require((1...maxNumber).contains(c.number), code: "round.invalid-number",
            "Rounds are numbered from 1 to \(maxNumber); \(c.number) is not a round number.")
        try Rule.require((1...maxCapacity).contains(c.capacity), code: "round.invalid-capacity",
            "A round admits 1 to \(maxCapacity) startups; capacity \(c.capacity) is not allowed.")
        guard let windowEnd = c.applicationWindow.to else {
            throw DomainError(code: "round.window-needs-end", message: "An application window closes on a set day.")
        }
        try Rule.require(programmeMonthsAllowed.contains(c.programmeMonths), code: "round.invalid-programme-length",
            "A programme runs 1 to 36 months; \(c.programmeMonths) is not allowed.")
        _ = try Rule.value("round") { () throws(ValueError) in try windowEnd.adding(months: c.programmeMonths) }
        if let foundedOn = c.labFacts.foundedOn {
            try Rule.require(c.applicationWindow.from >= foundedOn, code: "round.date-before-founding",
                "The window opens on \(c.applicationWindow.from), before the lab was founded on \(foundedOn).")
        }
        let year = c.applicationWindow.from.year
        try Rule.require(c.calendar.lab == c.lab && c.calendar.year == year, code: "round.calendar-facts-mismatch",
            "The facts given are for lab '\(c.calendar.lab)' in \(c.calendar.year), not '\(c.lab)' in \(year).")
        let others = Set(c.calendar.roundsOpened).subtracting([c.round])
        try Rule.require(others.count < roundsPerYear, code: "round.too-many-rounds-this-year",
            "Lab '\(c.lab)' already opened \(others.count) rounds in \(year); it runs at most \(roundsPerYear) a year.")
        return [.opened(RoundOpened(
            round: c.round, lab: c.lab, number: c.number, capacity: c.capacity, applicationWindow: c.applicationWindow,
            programmeMonths: c.programmeMonths, openedOn: c.openedOn))]
    }

    private static func grantBenefit(_ c: GrantBenefit, _ state: RoundState) throws(DomainError) -> [RoundEvent] {
        let admittedOn = try requireAdmitted(c.startup, state)
        try Rule.require(c.quantity.isPositive, code: "round.non-positive-benefit", "A benefit is a positive amount; \(c.quantity) is not.")
        try Rule.require(c.kind.accepts(c.quantity), code: "round.benefit-kind-mismatch", "\(IndefiniteArticle.before(c.kind.rawValue, capitalized: true)) benefit is not counted as \(c.quantity).")
        try Rule.requireText(c.reference, .reference, code: "round.reference-required", "A benefit carries a reference.")
        try Rule.require(!state.benefits.contains { $0.reference == c.reference }, code: "round.duplicate-benefit-reference",
            "A benefit with reference '\(c.reference)' was already granted in this round.")
        try Rule.require(c.grantedOn >= admittedOn, code: "round.date-before-admission", "'\(c.startup)' was admitted on \(admittedOn), after \(c.grantedOn).")
        if c.kind == .cash && c.commitment == nil {
            throw DomainError(code: "round.cash-needs-commitment", message: "A cash benefit draws on a funding commitment; name it.")
        }
        if let description = c.description {
            try Rule.requireText(description, .title, code: "round.benefit-description-blank", "A benefit's description, when given, says something.")
        }
        if let commitment = c.commitment { try requireDrawable(commitment, for: c) }
        return [.benefitGranted(BenefitGranted(
            startup: c.startup, kind: c.kind, quantity: c.quantity, provider: c.provider, commitment: c.commitment?.commitment,
            reference: c.reference, grantedOn: c.grantedOn, description: c.description))]
    }

    /// The provider's open commitment, for this kind of benefit, in its denomination, with
    /// enough left. The draw is then recorded on the commitment, whose decide re-checks the
    /// balance atomically in that stream.
    private static func requireDrawable(_ commitment: CommitmentFacts, for c: GrantBenefit) throws(DomainError) {
        try Rule.require(commitment.funder == c.provider, code: "round.provider-not-the-funder",
            "Commitment '\(commitment.commitment)' is funded by '\(commitment.funder)', not the provider '\(c.provider)'.")
        try Rule.require(commitment.purpose == c.kind.fundingPurpose, code: "round.commitment-purpose-mismatch",
            "Commitment '\(commitment.commitment)' is for \(commitment.purpose.rawValue); \(IndefiniteArticle.before(c.kind.rawValue)) benefit cannot draw on it.")
        try Rule.require(!commitment.closed, code: "round.commitment-closed", "Commitment '\(commitment.commitment)' is closed.")
        do {
            try c.quantity.requireSameDenomination(as: commitment.balance)
        } catch {
            throw DomainError(code: "round.currency-mismatch",
                message: "Commitment '\(commitment.commitment)' is in \(commitment.balance.denomination); the benefit is \(c.quantity).")
        }
        try Rule.require(commitment.balance.units >= c.quantity.units, code: "round.commitment-balance-insufficient",
            "Commitment '\(commitment.commitment)' has \(commitment.balance) left, less than the \(c.quantity) granted.")
    }

    /// The application window of a round that is open and has not graduated.
    private static func requireRunning(_ state: RoundState) throws(DomainError) -> DateRange {
        guard let window = state.applicationWindow else {
            throw DomainError(code: "round.not-opened", message: "No round has been opened on this stream.")
        }
        if let graduatedOn = state.graduatedOn {
            throw DomainError(code: "round.graduated", message: "The cohort graduated on \(graduatedOn); the round takes no more changes.")
        }
        return window
    }

    private static func requirePending(_ startup: PartyID, _ state: RoundState) throws(DomainError) -> RoundState.Applicant {
        guard let applicant = state.applicant(startup) else {
            throw DomainError(code: "round.not-an-applicant", message: "'\(startup)' has not applied to this round.")
        }
        try Rule.require(applicant.decision == .pending, code: "round.already-decided", "'\(startup)' has already been admitted or rejected.")
        return applicant
    }

    /// The admission date of an admitted startup.
    private static func requireAdmitted(_ startup: PartyID, _ state: RoundState) throws(DomainError) -> LocalDate {
        guard case .admitted(let admittedOn) = state.applicant(startup)?.decision else {
            throw DomainError(code: "round.startup-not-admitted", message: "'\(startup)' is not admitted to this round; benefits and mentors go to admitted startups.")
        }
        return admittedOn
    }
}
