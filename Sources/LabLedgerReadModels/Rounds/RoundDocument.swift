import LabLedgerDomain

/// One accelerator round folded: the round and its startups, what the summary rows need.
/// Benefits, mentors and mentors' data are keyed rows written when they are granted or
/// assigned, so they do not grow the document (version 1 of the projection kept them here; a
/// document it stored still decodes, its `benefits` and `mentors` ignored, because their rows
/// are already in the tables). `RoundState` is not the document because it lacks what the
/// rows show (decision dates, rejection reasons).
struct RoundDocument: Codable, Sendable, Equatable {
    enum Decision: String, Codable, Sendable {
        case pending
        case admitted
        case rejected
    }

    struct Startup: Codable, Sendable, Equatable {
        var startup: PartyID
        var appliedOn: LocalDate
        var decision: Decision
        var decidedOn: LocalDate?
        var rejectionReason: String?
    }

    var round: RoundID
    var lab: LabID
    var number: Int
    var capacity: Int
    var applicationWindow: DateRange
    var programmeMonths: Int
    var openedOn: LocalDate
    /// In application order.
    var startups: [Startup]
    var graduates: [PartyID]
    var graduatedOn: LocalDate?
    var streamVersion: Int
    var updatedPosition: Int64
}

extension RoundDocument {
    init(_ opened: RoundOpened, at event: ProjectableEvent) {
        self.init(
            round: opened.round, lab: opened.lab, number: opened.number, capacity: opened.capacity,
            applicationWindow: opened.applicationWindow, programmeMonths: opened.programmeMonths, openedOn: opened.openedOn,
            startups: [], graduates: [], graduatedOn: nil, streamVersion: event.streamVersion,
            updatedPosition: event.position)
    }

    /// The programme as the domain counts it (from the window's close, `programmeMonths` long).
    var programme: DateRange? {
        var state = RoundState()
        state.applicationWindow = applicationWindow
        state.programmeMonths = programmeMonths
        return state.programme
    }

    /// An admitted startup among the cohort's graduates shows as graduated; the others by
    /// their decision (so graduated startups are still counted as admitted).
    func status(of startup: Startup) -> String {
        switch startup.decision {
        case .pending: return "applied"
        case .admitted: return graduatedOn != nil && graduates.contains(startup.startup) ? "graduated" : "admitted"
        case .rejected: return "rejected"
        }
    }
}
