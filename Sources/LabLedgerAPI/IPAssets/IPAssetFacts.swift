import LabLedgerDomain

/// Facts the IP asset commands need from other streams.
extension Facts {
    /// The lab, the agreement and the cited outputs of a disclosure, as they stand now.
    func disclosure(lab: LabID, agreement: AgreementID, outputs: [OutputID]) async throws -> DisclosureFacts {
        var cited: [OutputFacts] = []
        for output in Set(outputs).sorted() {
            cited.append(try await self.output(output, namespace: "ipasset"))
        }
        return DisclosureFacts(
            lab: try await self.lab(lab), agreement: try await self.agreement(agreement, namespace: "ipasset"), outputs: cited)
    }

    /// The agreement an asset was disclosed under.
    func assetAgreement(_ state: IPAssetState) async throws -> AgreementFacts {
        guard let agreement = state.agreement else {
            throw Problem.refused(DomainError(code: "ipasset.not-disclosed", message: "No invention has been disclosed on this stream."))
        }
        return try await self.agreement(agreement, namespace: "ipasset")
    }

    /// Who may see an asset: the parties to its agreement, its owners, and every party licensed,
    /// licensing or holding an option on it (the licensee reports its royalties).
    func assetParties(_ state: IPAssetState) async throws -> Set<PartyID> {
        var parties = state.owners
        for licence in state.licences {
            parties.insert(licence.licensee)
            parties.formUnion(licence.licensors)
        }
        parties.formUnion(state.options.map(\.sponsor))
        if state.agreement != nil {
            parties.formUnion(try await assetAgreement(state).parties.keys)
        }
        return parties
    }
}
