import LabLedgerDomain

/// What the funding projection keeps of an agreement stream: enough to say which lab a
/// commitment's money goes to, who the parties are and whether the agreement is in force.
/// It mirrors the fields of `AgreementState` it needs, so each event is folded by the
/// agreement decider's own `evolve` (see `FundingAgreementModel`), and adds the title.
struct FundingAgreementDocument: Codable, Sendable, Equatable {
    enum Status: String, Codable, Sendable {
        case drafted
        case executed
        case terminated
        case expired
    }

    struct Signature: Codable, Sendable, Equatable {
        var party: PartyID
        var signedOn: LocalDate
    }

    var agreement: AgreementID
    var lab: LabID
    var kind: AgreementKind
    var title: String
    var status: Status
    var parties: [AgreementParty]
    var costShares: [CostShare]
    var term: DateRange
    var draftedOn: LocalDate
    /// By party id, so the stored JSON does not depend on dictionary order.
    var signatures: [Signature]
    var executedOn: LocalDate?
    var amendments: [Int]
    var terminatedOn: LocalDate?
    var expiredOn: LocalDate?
    var streamVersion: Int
    var updatedPosition: Int64
}

extension FundingAgreementDocument.Status {
    /// Nil for `notDrafted`, which no stored agreement document can be in.
    init?(_ status: AgreementState.Status) {
        switch status {
        case .notDrafted: return nil
        case .drafted: self = .drafted
        case .executed: self = .executed
        case .terminated: self = .terminated
        case .expired: self = .expired
        }
    }

    var domain: AgreementState.Status {
        switch self {
        case .drafted: .drafted
        case .executed: .executed
        case .terminated: .terminated
        case .expired: .expired
        }
    }
}

extension FundingAgreementDocument {
    /// The decider's state as it was after the last folded event, for the fields kept here.
    var state: AgreementState {
        var state = AgreementState()
        state.status = status.domain
        state.id = agreement
        state.lab = lab
        state.kind = kind
        state.parties = parties
        state.costShares = costShares
        state.term = term
        state.draftedOn = draftedOn
        state.signatures = Dictionary(signatures.map { ($0.party, $0.signedOn) }, uniquingKeysWith: { _, last in last })
        state.executedOn = executedOn
        state.amendments = amendments
        state.terminatedOn = terminatedOn
        state.expiredOn = expiredOn
        return state
    }

    /// Nil unless `state` is a drafted agreement.
    init?(state: AgreementState, title: String, streamVersion: Int, updatedPosition: Int64) {
        guard let status = Status(state.status), let agreement = state.id, let lab = state.lab, let kind = state.kind,
            let term = state.term, let draftedOn = state.draftedOn
        else { return nil }
        self.init(
            agreement: agreement, lab: lab, kind: kind, title: title, status: status, parties: state.parties,
            costShares: state.costShares, term: term, draftedOn: draftedOn,
            signatures: state.signatures.map { Signature(party: $0.key, signedOn: $0.value) }.sorted { $0.party < $1.party },
            executedOn: state.executedOn, amendments: state.amendments, terminatedOn: state.terminatedOn,
            expiredOn: state.expiredOn, streamVersion: streamVersion, updatedPosition: updatedPosition)
    }
}
