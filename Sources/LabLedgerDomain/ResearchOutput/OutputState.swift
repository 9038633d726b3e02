public struct OutputState: Sendable, Equatable, Codable {
    /// Where the record stands in validation. A correction sends it back to `draft`.
    public enum Validation: String, Sendable, Equatable, Codable {
        case draft
        case submitted
        case validated
    }

    public struct Review: Sendable, Equatable {
        public let reviewers: [PartyID]
        public let requestedOn: LocalDate
        public let endsOn: LocalDate
        public var clearedBy: Set<PartyID>

        public var isCleared: Bool { Set(reviewers).isSubset(of: clearedBy) }

        /// Publication may go ahead on `date`: every reviewer cleared, or the window has ended.
        public func allowsPublication(on date: LocalDate) -> Bool { isCleared || date >= endsOn }
    }

    public var id: OutputID?
    public var lab: LabID?
    public var kind: OutputKind?
    public var title = ""
    public var doi: DOI?
    public var contributors: [OutputContributor] = []
    public var affiliations: [PartyID] = []
    public var agreement: AgreementID?
    public var date: LocalDate?
    public var validation: Validation = .draft
    /// Corrected after it had been validated, and not validated again since.
    public var revalidationRequired = false
    public var review: Review?
    public var publishedOn: LocalDate?
    public var withdrawnOn: LocalDate?

    public init() {}

    public var isRegistered: Bool { id != nil }
}

extension OutputDecider {
    public static let initial = OutputState()

    public static func evolve(_ state: inout OutputState, _ event: OutputEvent) {
        switch event {
        case .registered(let e):
            state.id = e.output
            state.lab = e.lab
            state.kind = e.kind
            state.title = e.title
            state.doi = e.doi
            state.contributors = e.contributors
            state.affiliations = e.affiliations
            state.agreement = e.agreement
            state.date = e.date
        case .submittedForValidation:
            state.validation = .submitted
        case .validated:
            state.validation = .validated
            state.revalidationRequired = false
        case .corrected(let e):
            if let title = e.title { state.title = title }
            if let doi = e.doi { state.doi = doi }
            if let contributors = e.contributors { state.contributors = contributors }
            if let affiliations = e.affiliations { state.affiliations = affiliations }
            state.validation = .draft
            state.revalidationRequired = state.revalidationRequired || e.revalidationRequired
        case .publicationReviewRequested(let e):
            state.review = OutputState.Review(reviewers: e.reviewers, requestedOn: e.requestedOn, endsOn: e.reviewEndsOn, clearedBy: [])
        case .publicationReviewCleared(let e):
            state.review?.clearedBy.insert(e.reviewer)
        case .published(let e):
            state.publishedOn = e.publishedOn
        case .withdrawn(let e):
            state.withdrawnOn = e.withdrawnOn
        }
    }
}
