import LabLedgerDomain

/// The facts deciders ask for, answered from the generator's own states — exactly what a
/// command handler would fold from the other streams (or read from its indexes).
extension HistoryWorld {
    func partyID(_ party: Int) -> PartyID { partyRecords[party].registration.party }

    func isRegistered(_ party: Int) -> Bool { parties[party].profile != nil }

    /// The parties among `handles` that are registered. A handler answers "are these
    /// registered?" for the parties a command names; it need not list the whole registry.
    func known(_ handles: [Int]) -> KnownParties {
        KnownParties(Set(handles.filter(isRegistered).map(partyID)))
    }

    func labFacts(_ lab: Int) -> LabFacts { LabFacts(lab: labRecords[lab].id, state: labs[lab]) }

    func isActive(lab: Int) -> Bool { labs[lab].status == .active }

    func agreementFacts(_ agreement: Int) throws -> AgreementFacts {
        guard let facts = AgreementFacts(state: agreements[agreement]) else {
            throw HistoryGenerationError.inconsistent("agreement \(agreements.names[agreement]) is used before it was drafted")
        }
        return facts
    }

    func isInForce(agreement: Int) -> Bool { agreements[agreement].status == .executed }

    func commitmentFacts(_ commitment: Int) throws -> CommitmentFacts {
        guard let facts = CommitmentFacts(state: commitments[commitment]) else {
            throw HistoryGenerationError.inconsistent("commitment \(commitments.names[commitment]) is drawn on before it was made")
        }
        return facts
    }

    func outputFacts(_ output: Int) throws -> OutputFacts {
        guard let facts = OutputFacts(state: outputs[output]) else {
            throw HistoryGenerationError.inconsistent("output \(outputs.names[output]) is cited before it was registered")
        }
        return facts
    }

    func doiFacts(_ doi: DOI) -> DOIRegistryFacts {
        DOIRegistryFacts(doi: doi, registeredTo: doiRegistry[doi.normalized])
    }

    func calendarFacts(lab: Int, year: Int) -> RoundCalendarFacts {
        RoundCalendarFacts(lab: labRecords[lab].id, year: year, roundsOpened: roundCalendar[Self.calendarKey(lab: lab, year: year)] ?? [])
    }

    static func calendarKey(lab: Int, year: Int) -> String { "\(lab)/\(year)" }

    /// What kind of party a registered party id is.
    func kind(of party: PartyID) -> PartyKind? {
        parties.handle(of: party.rawValue).flatMap { parties[$0].profile?.kind }
    }

    /// The party handle of a party id the generator registered.
    func partyHandle(_ id: PartyID) throws -> Int {
        guard let handle = parties.handle(of: id.rawValue) else {
            throw HistoryGenerationError.inconsistent("party \(id) is not one of the generator's")
        }
        return handle
    }

    /// The agreement's parties holding `roles`, in id order so choices among them are stable.
    func parties(of facts: AgreementFacts, in roles: Set<PartyRole>) -> [PartyID] {
        facts.parties.filter { roles.contains($0.value) }.keys.sorted()
    }
}
