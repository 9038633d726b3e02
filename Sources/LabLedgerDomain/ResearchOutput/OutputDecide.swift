/// Research output: registered with at least one contributor (CRediT roles from the closed list)
/// and a DOI no other output holds; validated by a lab member; a correction after validation
/// needs revalidation; under a publication-review clause, publication waits for every reviewer's
/// clearance or the end of the review window; a withdrawn output takes no more changes.
public enum OutputDecider: Decider {
    public static func decide(_ command: OutputCommand, _ state: OutputState) throws(DomainError) -> [OutputEvent] {
        if case .register(let c) = command { return try register(c, state) }
        let registeredOn = try requireOpen(state)
        switch command {
        case .register:
            throw DomainError(code: "output.already-registered", message: "The output has already been registered.")

        case .submitForValidation(let c):
            try requireNotBefore(c.submittedOn, registeredOn)
            switch state.validation {
            case .draft: return [.submittedForValidation(OutputSubmittedForValidation(submittedOn: c.submittedOn))]
            case .submitted: throw DomainError(code: "output.already-submitted", message: "The output is already waiting for validation.")
            case .validated: throw DomainError(code: "output.already-validated", message: "The output is validated; correct it to change it.")
            }

        case .validate(let c):
            try Rule.require(state.validation == .submitted, code: "output.not-submitted", "Only an output submitted for validation is validated.")
            try Rule.require(c.lab.lab == state.lab && c.lab.members.contains(c.validatedBy), code: "output.validator-not-a-lab-member",
                "'\(c.validatedBy)' is not a member of the output's lab and cannot validate it.")
            try requireNotBefore(c.validatedOn, registeredOn)
            return [.validated(OutputValidated(validatedBy: c.validatedBy, validatedOn: c.validatedOn))]

        case .correct(let c): return try correct(c, state, registeredOn: registeredOn)

        case .requestPublicationReview(let c):
            try Rule.require(state.publishedOn == nil, code: "output.already-published", "The output is already published.")
            try Rule.require(state.review == nil, code: "output.publication-review-already-requested", "A publication review has already been requested.")
            let agreement = try requireAgreementFacts(c.agreement, state)
            let days = agreement.ipTerms.publicationReviewDays
            try Rule.require(days > 0, code: "output.no-publication-review-clause",
                "Agreement '\(agreement.agreement)' has no publication-review clause; publish without review.")
            let reviewers = agreement.parties.filter { $0.value == .sponsor || $0.value == .industryPartner }.keys.sorted()
            try Rule.require(!reviewers.isEmpty, code: "output.no-reviewing-party",
                "Agreement '\(agreement.agreement)' has no sponsor or industry partner to review the output.")
            try requireNotBefore(c.requestedOn, registeredOn)
            let endsOn = try Rule.value("output") { () throws(ValueError) in try c.requestedOn.adding(days: days) }
            return [.publicationReviewRequested(PublicationReviewRequested(reviewers: reviewers, requestedOn: c.requestedOn, reviewEndsOn: endsOn))]

        case .clearPublicationReview(let c):
            guard let review = state.review else {
                throw DomainError(code: "output.no-publication-review-requested", message: "No publication review has been requested.")
            }
            try Rule.require(review.reviewers.contains(c.reviewer), code: "output.not-a-reviewer", "'\(c.reviewer)' is not reviewing this output.")
            try Rule.require(!review.clearedBy.contains(c.reviewer), code: "output.review-already-cleared", "'\(c.reviewer)' has already cleared the output.")
            try Rule.require(c.clearedOn >= review.requestedOn, code: "output.date-before-review-request",
                "A clearance on \(c.clearedOn) cannot precede the review request of \(review.requestedOn).")
            return [.publicationReviewCleared(PublicationReviewCleared(reviewer: c.reviewer, clearedOn: c.clearedOn))]

        case .publish(let c): return try publish(c, state, registeredOn: registeredOn)

        case .withdraw(let c):
            try Rule.requireText(c.reason, .reason, code: "output.reason-required", "A withdrawal states its reason.")
            try requireNotBefore(c.withdrawnOn, registeredOn)
            return [.withdrawn(OutputWithdrawn(reason: c.reason, withdrawnOn: c.withdrawnOn))]
        }
    }

    private static func register(_ c: RegisterOutput, _ state: OutputState) throws(DomainError) -> [OutputEvent] {
        try Rule.require(!state.isRegistered, code: "output.already-registered", "Output '\(c.output)' has already been registered.")
        try c.facts.lab.requireActive(c.lab, namespace: "output")
        try Rule.requireText(c.title, .title, code: "output.title-required", "An output needs a title.")
        try checkContributors(c.contributors)
        try checkAffiliations(c.affiliations, c.facts.parties)
        if let id = c.agreement {
            guard let agreement = c.facts.agreement else {
                throw DomainError(code: "output.agreement-facts-required", message: "Output names agreement '\(id)'; its facts are needed.")
            }
            try Rule.require(agreement.agreement == id, code: "output.agreement-facts-mismatch",
                "The facts given are for agreement '\(agreement.agreement)', not '\(id)'.")
            try Rule.require(agreement.lab == c.lab, code: "output.agreement-of-another-lab",
                "Agreement '\(id)' belongs to lab '\(agreement.lab)', not '\(c.lab)'.")
            try Rule.require(agreement.executedOn != nil, code: "output.agreement-not-executed",
                "Agreement '\(id)' was never executed; no output is produced under it.")
        }
        if let doi = c.doi { try requireFreeDOI(doi, c.facts.doi, output: c.output) }
        return [.registered(OutputRegistered(
            output: c.output, lab: c.lab, kind: c.kind, title: c.title, doi: c.doi, contributors: c.contributors,
            affiliations: c.affiliations, agreement: c.agreement, date: c.date))]
    }

    private static func correct(_ c: CorrectOutput, _ state: OutputState, registeredOn: LocalDate) throws(DomainError) -> [OutputEvent] {
        try Rule.requireText(c.reason, .reason, code: "output.reason-required", "A correction says what was wrong.")
        try requireNotBefore(c.correctedOn, registeredOn)
        if let title = c.title { try Rule.requireText(title, .title, code: "output.title-required", "An output needs a title.") }
        if let contributors = c.contributors { try checkContributors(contributors) }
        if let affiliations = c.affiliations { try checkAffiliations(affiliations, c.parties) }
        if let doi = c.doi, doi != state.doi, let id = state.id { try requireFreeDOI(doi, c.doiRegistry, output: id) }
        // Only the parts that differ are recorded, so the event says exactly what was corrected.
        let title = c.title.flatMap { $0 == state.title ? nil : $0 }
        let doi = c.doi.flatMap { $0 == state.doi && $0.rawValue == state.doi?.rawValue ? nil : $0 }
        let contributors = c.contributors.flatMap { $0 == state.contributors ? nil : $0 }
        let affiliations = c.affiliations.flatMap { $0 == state.affiliations ? nil : $0 }
        try Rule.require(title != nil || doi != nil || contributors != nil || affiliations != nil, code: "output.correction-changes-nothing",
            "The corrected details are the same as the current ones.")
        return [.corrected(OutputCorrected(
            reason: c.reason, correctedOn: c.correctedOn, title: title, doi: doi, contributors: contributors,
            affiliations: affiliations, revalidationRequired: state.validation == .validated || state.revalidationRequired))]
    }

    private static func publish(_ c: PublishOutput, _ state: OutputState, registeredOn: LocalDate) throws(DomainError) -> [OutputEvent] {
        try Rule.require(state.publishedOn == nil, code: "output.already-published", "The output was already published on \(state.publishedOn.map(\.rawValue) ?? "").")
        try Rule.requireText(c.venue, .label, code: "output.venue-required", "A publication names its venue (journal, conference, repository).")
        try requireNotBefore(c.publishedOn, registeredOn)
        try Rule.require(state.validation == .validated, code: state.revalidationRequired ? "output.revalidation-required" : "output.not-validated",
            state.revalidationRequired ? "The output was corrected after validation; validate it again before publishing." : "Only a validated output is published.")
        if state.agreement != nil {
            guard let facts = c.agreement else {
                throw DomainError(code: "output.agreement-facts-required", message: "The output's agreement decides whether a publication review applies; its facts are needed.")
            }
            let agreement = try requireAgreementFacts(facts, state)
            if agreement.ipTerms.publicationReviewDays > 0 {
                guard let review = state.review else {
                    throw DomainError(code: "output.publication-review-required",
                        message: "Agreement '\(agreement.agreement)' gives its sponsors \(agreement.ipTerms.publicationReviewDays) days to review before publication; request the review first.")
                }
                try Rule.require(review.allowsPublication(on: c.publishedOn), code: "output.publication-review-window-open",
                    "The review runs until \(review.endsOn) and not every reviewer has cleared; publication waits.")
            }
        }
        return [.published(OutputPublished(publishedOn: c.publishedOn, venue: c.venue))]
    }

    /// At least one contributor, each named once with at least one CRediT role, none twice.
    /// The roles themselves come from the closed `CreditRole` list, so an unknown role is
    /// refused where the text is parsed (`credit-role.unknown`) and never reaches a command.
    private static func checkContributors(_ contributors: [OutputContributor]) throws(DomainError) {
        try Rule.require(!contributors.isEmpty, code: "output.contributors-required", "An output has at least one contributor.")
        if let duplicate = Rule.firstDuplicate(contributors.map(\.orcid)) {
            throw DomainError(code: "output.duplicate-contributor", message: "ORCID iD \(duplicate) is named twice among the contributors.")
        }
        for contributor in contributors {
            try Rule.require(!contributor.creditRoles.isEmpty, code: "output.credit-roles-required",
                "Contributor \(contributor.orcid) needs at least one CRediT role.")
            if let duplicate = Rule.firstDuplicate(contributor.creditRoles) {
                throw DomainError(code: "output.duplicate-credit-role", message: "Contributor \(contributor.orcid) has the role '\(duplicate.rawValue)' twice.")
            }
        }
    }

    private static func checkAffiliations(_ affiliations: [PartyID], _ parties: KnownParties) throws(DomainError) {
        try Rule.require(!affiliations.isEmpty, code: "output.affiliations-required", "An output names at least one affiliated party.")
        if let duplicate = Rule.firstDuplicate(affiliations) {
            throw DomainError(code: "output.duplicate-affiliation", message: "'\(duplicate)' is named twice among the affiliations.")
        }
        if let unknown = parties.firstUnknown(in: affiliations) {
            throw DomainError(code: "output.party-not-registered", message: "Affiliation '\(unknown)' is not a registered party.")
        }
    }

    private static func requireFreeDOI(_ doi: DOI, _ facts: DOIRegistryFacts?, output: OutputID) throws(DomainError) {
        guard let facts else {
            throw DomainError(code: "output.doi-facts-required", message: "Whether DOI '\(doi)' is already registered must be known to register it.")
        }
        try facts.requireFree(doi, for: output)
    }

    private static func requireAgreementFacts(_ facts: AgreementFacts, _ state: OutputState) throws(DomainError) -> AgreementFacts {
        guard let id = state.agreement else {
            throw DomainError(code: "output.no-agreement", message: "The output was not produced under an agreement; no publication review applies.")
        }
        try Rule.require(facts.agreement == id, code: "output.agreement-facts-mismatch", "The facts given are for agreement '\(facts.agreement)', not '\(id)'.")
        return facts
    }

    /// The output's date, if it is registered and not withdrawn.
    private static func requireOpen(_ state: OutputState) throws(DomainError) -> LocalDate {
        guard let date = state.date else {
            throw DomainError(code: "output.not-registered", message: "No output has been registered on this stream.")
        }
        if let withdrawnOn = state.withdrawnOn {
            throw DomainError(code: "output.withdrawn", message: "The output was withdrawn on \(withdrawnOn) and takes no more changes.")
        }
        return date
    }

    private static func requireNotBefore(_ date: LocalDate, _ registeredOn: LocalDate) throws(DomainError) {
        try Rule.require(date >= registeredOn, code: "output.date-before-registration", "\(date) is before the output's date \(registeredOn).")
    }
}
