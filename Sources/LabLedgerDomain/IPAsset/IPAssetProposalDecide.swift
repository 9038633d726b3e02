/// Exclusive and sole licences by consent: a co-owner proposes, each other co-owner consents for
/// itself, and the consent that completes the set of current owners grants the licence in the
/// same command, through `grantLicence`, so every rule of a grant is checked again at that moment
/// (a licence or option granted meanwhile refuses the last consent, and the proposal stays open).
extension IPAssetDecider {
    static func propose(_ c: ProposeLicence, _ state: IPAssetState, disclosedOn: LocalDate) throws(DomainError) -> [IPAssetEvent] {
        try requireOwnership(state)
        try Rule.require(c.exclusivity.reservesSlice, code: "ipasset.proposal-for-non-exclusive-licence",
            "A non-exclusive licence needs no co-owner's consent; a co-owner grants it directly.")
        try requireUnusedLicenceID(c.licence, state)
        try Rule.require(state.owners.contains(c.proposedBy), code: "ipasset.proposer-not-an-owner",
            "'\(c.proposedBy)' does not co-own the asset and cannot propose a licence of it.")
        try Rule.require(c.parties.registered.contains(c.licensee), code: "ipasset.licensee-not-registered", "Licensee '\(c.licensee)' is not a registered party.")
        try checkScope(fields: c.fields, territories: c.territories, royalty: c.royalty)
        try requireNotBefore(c.proposedOn, disclosedOn, code: "ipasset.date-before-disclosure", "disclosure")
        if let expiresOn = c.expiresOn {
            try Rule.require(expiresOn > c.proposedOn, code: "ipasset.proposal-expiry-not-after-proposal",
                "A proposal made on \(c.proposedOn) expires after that day, not on \(expiresOn).")
        }
        // Refused now rather than after every co-owner consented to a licence that cannot be granted.
        if let conflict = state.sliceConflict(
            licensee: c.licensee, exclusivity: c.exclusivity, fields: c.fields, territories: c.territories, term: c.term)
        {
            throw conflict.error
        }
        let proposed = LicenceProposed(
            licence: c.licence, proposedBy: c.proposedBy, licensee: c.licensee, exclusivity: c.exclusivity, fields: c.fields,
            territories: c.territories, term: c.term, sublicensable: c.sublicensable, royalty: c.royalty, proposedOn: c.proposedOn,
            expiresOn: c.expiresOn)
        var after = state
        evolve(&after, .licenceProposed(proposed))
        // A sole owner's proposal needs nobody else: it is granted at once.
        return [.licenceProposed(proposed)] + (try grantIfComplete(c.licence, after, on: c.proposedOn, disclosedOn: disclosedOn))
    }

    static func consent(_ c: ConsentToLicence, _ state: IPAssetState, disclosedOn: LocalDate) throws(DomainError) -> [IPAssetEvent] {
        let proposal = try requireOpenProposal(c.licence, state)
        try Rule.require(state.owners.contains(c.by), code: "ipasset.consent-from-non-owner",
            "'\(c.by)' does not co-own the asset; its consent counts for nothing.")
        try Rule.require(!proposal.consents.contains(c.by), code: "ipasset.consent-already-given",
            "'\(c.by)' has already consented to licence '\(c.licence)'.")
        try requireNotBefore(c.consentedOn, proposal.proposedOn, code: "ipasset.date-before-proposal", "proposal")
        if let last = proposal.lastConsentedOn {
            // Consents are recorded in the order given, so the grant is never dated before one.
            try requireNotBefore(c.consentedOn, last, code: "ipasset.date-before-last-consent", "last consent")
        }
        if let expiresOn = proposal.expiresOn {
            try Rule.require(c.consentedOn < expiresOn, code: "ipasset.proposal-expired",
                "The proposal of licence '\(c.licence)' took consents until \(expiresOn), not on \(c.consentedOn).")
        }
        try Rule.require(state.owners.contains(proposal.proposedBy), code: "ipasset.proposer-no-longer-an-owner",
            "'\(proposal.proposedBy)' proposed licence '\(c.licence)' but owns no share any more; withdraw the proposal and propose it anew.")
        let given = LicenceConsentGiven(licence: c.licence, by: c.by, consentedOn: c.consentedOn)
        var after = state
        evolve(&after, .licenceConsentGiven(given))
        return [.licenceConsentGiven(given)] + (try grantIfComplete(c.licence, after, on: c.consentedOn, disclosedOn: disclosedOn))
    }

    static func withdrawProposal(_ c: WithdrawLicenceProposal, _ state: IPAssetState) throws(DomainError) -> [IPAssetEvent] {
        let proposal = try requireOpenProposal(c.licence, state)
        // The proposer takes it back, or a co-owner declines it: without that owner's consent it
        // could never be granted.
        try Rule.require(c.by == proposal.proposedBy || state.owners.contains(c.by), code: "ipasset.withdrawal-by-non-owner",
            "'\(c.by)' neither proposed licence '\(c.licence)' nor co-owns the asset.")
        try Rule.requireText(c.reason, .reason, code: "ipasset.reason-required", "A withdrawal states its reason.")
        try requireNotBefore(c.withdrawnOn, proposal.proposedOn, code: "ipasset.date-before-proposal", "proposal")
        return [.licenceProposalWithdrawn(LicenceProposalWithdrawn(licence: c.licence, by: c.by, withdrawnOn: c.withdrawnOn, reason: c.reason))]
    }

    /// The `LicenceGranted`s of the open proposals a transfer completed (`state` is after the
    /// transfer): each proposal, in the order proposed, that every current owner has consented
    /// to, that has not expired on `date` and whose proposer still owns a share is granted on
    /// `date` (not before the proposal or its last consent) when the grant's rules pass; when
    /// they refuse, it stays open and the transfer
    /// stands. Each grant is evolved before the next is checked.
    static func grantsCompletedByTransfer(_ state: IPAssetState, on date: LocalDate) -> [IPAssetEvent] {
        guard let disclosedOn = state.disclosedOn else { return [] }
        var after = state
        var granted: [IPAssetEvent] = []
        for proposal in state.proposals where proposal.isOpen {
            guard after.owners.contains(proposal.proposedBy), proposal.expiresOn.map({ date < $0 }) ?? true,
                date >= (proposal.lastConsentedOn ?? proposal.proposedOn)
            else { continue }
            guard let events = try? grantIfComplete(proposal.id, after, on: date, disclosedOn: disclosedOn) else { continue }
            for event in events { evolve(&after, event) }
            granted += events
        }
        return granted
    }

    /// The `LicenceGranted` of a proposal every current owner consented to, checked by the
    /// grant's own rules; nothing while a consent is missing. The proposer is the licensor and
    /// the other current owners are its consents.
    private static func grantIfComplete(_ id: LicenceID, _ state: IPAssetState, on date: LocalDate, disclosedOn: LocalDate) throws(DomainError) -> [IPAssetEvent] {
        guard let proposal = state.proposal(id), proposal.awaiting(owners: state.owners).isEmpty else { return [] }
        let grant = GrantLicence(
            licence: proposal.id, licensee: proposal.licensee, licensors: [proposal.proposedBy],
            consents: state.owners.subtracting([proposal.proposedBy]).sorted(), exclusivity: proposal.exclusivity, fields: proposal.fields,
            territories: proposal.territories, term: proposal.term, sublicensable: proposal.sublicensable, royalty: proposal.royalty,
            grantedOn: date, parties: KnownParties([proposal.licensee]))
        // The licensee was a registered party when proposed, and parties are never unregistered.
        return try grantLicence(grant, state, disclosedOn: disclosedOn, completing: true)
    }

    private static func requireOpenProposal(_ id: LicenceID, _ state: IPAssetState) throws(DomainError) -> IPAssetState.LicenceProposal {
        guard let proposal = state.proposal(id) else {
            throw DomainError(code: "ipasset.unknown-proposal", message: "The asset has no licence proposal '\(id)'.")
        }
        if let grantedOn = proposal.grantedOn {
            throw DomainError(code: "ipasset.proposal-already-granted", message: "Licence '\(id)' was granted on \(grantedOn); its proposal is closed.")
        }
        if let withdrawal = proposal.withdrawal {
            throw DomainError(code: "ipasset.proposal-withdrawn", message: "The proposal of licence '\(id)' was withdrawn on \(withdrawal.on) by '\(withdrawal.by)'.")
        }
        return proposal
    }

    /// Licence ids are unique within the asset, over licences and proposals alike: a proposal's
    /// id is the id its licence will carry.
    static func requireUnusedLicenceID(_ id: LicenceID, _ state: IPAssetState) throws(DomainError) {
        try Rule.require(state.licence(id) == nil, code: "ipasset.duplicate-licence", "Licence '\(id)' already exists on this asset.")
        try Rule.require(state.proposal(id) == nil, code: "ipasset.duplicate-licence", "A licence '\(id)' has already been proposed on this asset.")
    }

    /// What a licence's scope must be, granted or proposed.
    static func checkScope(fields: [FieldOfUse], territories: [Territory], royalty: Royalty) throws(DomainError) {
        try checkFields(fields)
        try Rule.require(!territories.isEmpty, code: "ipasset.territories-required", "Name at least one territory (or WORLD).")
        if let duplicate = Rule.firstDuplicate(territories) {
            throw DomainError(code: "ipasset.duplicate-territory", message: "Territory '\(duplicate)' is named twice.")
        }
        if let minimum = royalty.minimumAnnual {
            try Rule.require(!minimum.isNegative, code: "ipasset.negative-amount", "A minimum annual royalty is zero or more, not \(minimum).")
        }
    }
}
