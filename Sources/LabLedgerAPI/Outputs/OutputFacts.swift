import LabLedgerDomain

/// What output commands need from other streams. The DOI is not among them: it comes from its
/// claim stream (`DOIClaims`), which guards uniqueness atomically where a fact could be stale.
extension Facts {
    func outputRegistration(
        lab: LabID, agreement: AgreementID?, affiliations: [PartyID], doi: DOIRegistryFacts?
    ) async throws -> OutputRegistrationFacts {
        OutputRegistrationFacts(
            lab: try await self.lab(lab),
            agreement: try await agreement.asyncMap { try await self.agreement($0, namespace: "output") },
            doi: doi,
            parties: try await parties(affiliations))
    }

    /// The agreement an output was produced under, as it stands now; nil when it names none.
    func outputAgreement(_ state: OutputState) async throws -> AgreementFacts? {
        try await state.agreement.asyncMap { try await agreement($0, namespace: "output") }
    }
}
