/// The asset as its events leave it. Codable (see `IPAssetStateCoding.swift`) so that read
/// models can store it and answer the domain's own queries (`availability`) from the stored copy.
public struct IPAssetState: Sendable, Equatable, Codable {
    public struct Option: Sendable, Equatable, Codable {
        public enum Resolution: Sendable, Equatable, Codable {
            case exercised(on: LocalDate)
            case declined(on: LocalDate)
            case lapsed(on: LocalDate)
        }

        public let number: Int
        public let sponsor: PartyID
        public let fields: [FieldOfUse]
        public let grantedOn: LocalDate
        public let expiresOn: LocalDate
        public var resolution: Resolution?

        /// Undecided and not past its expiry on `date`.
        public func isOpen(on date: LocalDate) -> Bool { resolution == nil && grantedOn <= date && date < expiresOn }

        /// The option keeps its fields for the sponsor over [grantedOn, reservedUntil). A
        /// declined or lapsed option frees them from that day; an exercised one keeps them to
        /// its expiry, the window in which the sponsor's licence is concluded.
        public var reservedUntil: LocalDate {
            switch resolution {
            case .declined(let date), .lapsed(let date): min(date, expiresOn)
            case .exercised, nil: expiresOn
            }
        }
    }

    public struct PatentApplication: Sendable, Equatable, Codable {
        public let office: PatentOffice
        public let number: PatentApplicationNumber
        public let filedOn: LocalDate
        public var patent: PatentNumber?
        public var grantedOn: LocalDate?
        public var lapsedOn: LocalDate?
    }

    public struct RoyaltyReport: Sendable, Equatable, Codable {
        public let period: DateRange
        public let netSales: Money
        public let royaltyDue: Money
        public let reportedOn: LocalDate
        /// The sum of payments against this report, in the report's currency.
        public var paid: Money
    }

    public struct Licence: Sendable, Equatable, Codable {
        public let id: LicenceID
        public let licensee: PartyID
        public let licensors: [PartyID]
        public let exclusivity: Exclusivity
        public let fields: [FieldOfUse]
        public let territories: [Territory]
        public let term: DateRange
        public let sublicensable: Bool
        public let royalty: Royalty
        public let grantedOn: LocalDate
        public var terminatedOn: LocalDate?
        public var reports: [RoyaltyReport] = []
        public var paymentReferences: Set<String> = []

        /// The first day the licence is no longer in force: its term's end or its termination,
        /// whichever comes first; nil while it runs open-ended.
        public var inForceUntil: LocalDate? {
            switch (term.to, terminatedOn) {
            case (let end?, let terminated?): min(end, terminated)
            case (let end?, nil): end
            case (nil, let terminated?): terminated
            case (nil, nil): nil
            }
        }

        public func isInForce(on date: LocalDate) -> Bool {
            term.from <= date && inForceUntil.map { date < $0 } ?? true
        }
    }

    public var id: IPAssetID?
    public var lab: LabID?
    public var agreement: AgreementID?
    public var title = ""
    public var inventors: [Inventor] = []
    public var fromOutputs: [OutputID] = []
    public var disclosedOn: LocalDate?
    /// Each owner's share in basis points; empty until ownership is determined. Owners whose
    /// share falls to zero by transfer are removed.
    public var ownerShares: [PartyID: Int] = [:]
    public var ownershipDeterminedOn: LocalDate?
    public var options: [Option] = []
    public var applications: [PatentApplication] = []
    public var licences: [Licence] = []
    /// Exclusive and sole licences proposed for co-owners' consent (`IPAssetProposalState.swift`),
    /// open, granted or withdrawn, in the order proposed.
    public var proposals: [LicenceProposal] = []
    /// The asset's current offer for licensing (`IPAssetOffer.swift`); nil when not on offer.
    public var offer: LicensingOffer?

    public init() {}

    public var isDisclosed: Bool { id != nil }
    public var owners: Set<PartyID> { Set(ownerShares.keys) }
    /// Whether `party` holds a share now; a lookup, where `owners` builds a set.
    public func isOwner(_ party: PartyID) -> Bool { ownerShares[party] != nil }

    public func licence(_ id: LicenceID) -> Licence? { licences.first { $0.id == id } }
    public func option(_ number: Int) -> Option? { options.first { $0.number == number } }
    public func proposal(_ id: LicenceID) -> LicenceProposal? { proposals.first { $0.id == id } }
    public func application(_ number: PatentApplicationNumber) -> PatentApplication? { applications.first { $0.number == number } }
}

extension IPAssetDecider {
    public static let initial = IPAssetState()

    public static func evolve(_ state: inout IPAssetState, _ event: IPAssetEvent) {
        switch event {
        case .inventionDisclosed(let e):
            state.id = e.asset
            state.lab = e.lab
            state.agreement = e.agreement
            state.title = e.title
            state.inventors = e.inventors
            state.fromOutputs = e.fromOutputs
            state.disclosedOn = e.disclosedOn
        case .ownershipDetermined(let e):
            state.ownerShares = Dictionary(e.owners.map { ($0.party, $0.shareBasisPoints.rawValue) }, uniquingKeysWith: +)
            state.ownershipDeterminedOn = e.determinedOn
        case .optionGranted(let e):
            state.options.append(IPAssetState.Option(
                number: e.option, sponsor: e.sponsor, fields: e.fields, grantedOn: e.grantedOn, expiresOn: e.expiresOn, resolution: nil))
        case .optionExercised(let e):
            state.resolve(e.option, .exercised(on: e.exercisedOn))
        case .optionDeclined(let e):
            state.resolve(e.option, .declined(on: e.declinedOn))
        case .optionLapsed(let e):
            state.resolve(e.option, .lapsed(on: e.lapsedOn))
        case .patentApplicationFiled(let e):
            state.applications.append(IPAssetState.PatentApplication(office: e.office, number: e.applicationNumber, filedOn: e.filedOn))
        case .patentGranted(let e):
            if let index = state.applications.firstIndex(where: { $0.number == e.applicationNumber }) {
                state.applications[index].patent = e.patentNumber
                state.applications[index].grantedOn = e.grantedOn
            }
        case .patentLapsed(let e):
            if let index = state.applications.firstIndex(where: { $0.patent == e.patentNumber }) {
                state.applications[index].lapsedOn = e.lapsedOn
            }
        case .ownershipTransferred(let e):
            let moved = e.shareBasisPoints.rawValue
            let left = (state.ownerShares[e.from] ?? 0) - moved
            state.ownerShares[e.from] = left > 0 ? left : nil
            state.ownerShares[e.to, default: 0] += moved
        case .licenceGranted(let e):
            state.updateProposal(e.licence) { $0.grantedOn = e.grantedOn }
            state.licences.append(IPAssetState.Licence(
                id: e.licence, licensee: e.licensee, licensors: e.licensors, exclusivity: e.exclusivity, fields: e.fields,
                territories: e.territories, term: e.term, sublicensable: e.sublicensable, royalty: e.royalty, grantedOn: e.grantedOn))
        case .royaltyReported(let e):
            state.updateLicence(e.licence) {
                $0.reports.append(IPAssetState.RoyaltyReport(
                    period: e.period, netSales: e.netSales, royaltyDue: e.royaltyDue, reportedOn: e.reportedOn, paid: .zero(e.royaltyDue.currency)))
            }
        case .royaltyPaid(let e):
            state.updateLicence(e.licence) { licence in
                licence.paymentReferences.insert(e.reference)
                if let index = licence.reports.firstIndex(where: { $0.period == e.period }) {
                    // decide proved the sum fits and is in the report's currency; a stream that
                    // breaks that was not written by decide and keeps its previous total.
                    licence.reports[index].paid = (try? licence.reports[index].paid.adding(e.amount)) ?? licence.reports[index].paid
                }
            }
        case .licenceTerminated(let e):
            state.updateLicence(e.licence) { $0.terminatedOn = e.effectiveOn }
        case .licenceProposed(let e):
            state.proposals.append(IPAssetState.LicenceProposal(e))
        case .licenceConsentGiven(let e):
            state.updateProposal(e.licence) {
                $0.consents.append(e.by)
                $0.lastConsentedOn = max($0.lastConsentedOn ?? e.consentedOn, e.consentedOn)
            }
        case .licenceProposalWithdrawn(let e):
            state.updateProposal(e.licence) { $0.withdrawal = IPAssetState.LicenceProposal.Withdrawal(by: e.by, on: e.withdrawnOn, reason: e.reason) }
        case .offeredForLicensing(let e):
            state.offer = IPAssetState.LicensingOffer(e)
        case .offerWithdrawn:
            state.offer = nil
        }
    }
}

extension IPAssetState {
    fileprivate mutating func resolve(_ number: Int, _ resolution: Option.Resolution) {
        if let index = options.firstIndex(where: { $0.number == number }) { options[index].resolution = resolution }
    }

    fileprivate mutating func updateProposal(_ id: LicenceID, _ change: (inout LicenceProposal) -> Void) {
        if let index = proposals.firstIndex(where: { $0.id == id }) { change(&proposals[index]) }
    }

    fileprivate mutating func updateLicence(_ id: LicenceID, _ change: (inout Licence) -> Void) {
        if let index = licences.firstIndex(where: { $0.id == id }) { change(&licences[index]) }
    }
}
