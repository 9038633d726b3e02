import LabLedgerDomain

extension Facts {
    /// The agreement's facts, or nil when it was never drafted: a commitment's path names the
    /// agreement, so the handler answers 404 rather than a rule's refusal.
    func draftedAgreement(_ id: AgreementID) async throws -> AgreementFacts? {
        AgreementFacts(state: try await agreementState(id).state)
    }

    /// What committing needs: the agreement as it stands and its lab.
    func commitFunding(_ agreement: AgreementFacts) async throws -> CommitFundingFacts {
        CommitFundingFacts(agreement: agreement, lab: try await lab(agreement.lab))
    }
}
