import LabLedgerContract
import LabLedgerDomain

extension AgreementKind {
    init(_ kind: Components.Schemas.AgreementKind) {
        switch kind {
        case .mou: self = .mou
        case .jointLabAgreement: self = .jointLabAgreement
        case .sponsoredResearch: self = .sponsoredResearch
        case .acceleratorCharter: self = .acceleratorCharter
        }
    }
}

extension IPOwnership {
    init(_ ownership: Components.Schemas.AgreementIPTerms.OwnershipPayload) {
        switch ownership {
        case .joint: self = .joint
        case .university: self = .university
        case .sponsor: self = .sponsor
        case .byInventorship: self = .byInventorship
        }
    }
}

extension IPTerms {
    /// Negative days pass through: the decider refuses them under its own rule code.
    init(_ terms: Components.Schemas.AgreementIPTerms) {
        self.init(
            ownership: IPOwnership(terms.ownership), sponsorOptionDays: terms.sponsorOptionDays,
            publicationReviewDays: terms.publicationReviewDays)
    }
}
