/// Party: a university, company, public body, fund or startup, registered once and corrected
/// by later events, never edited.
public enum PartyDecider: Decider {
    public static func decide(_ command: PartyCommand, _ state: PartyState) throws(DomainError) -> [PartyEvent] {
        switch command {
        case .register(let c):
            guard case .unregistered = state else {
                throw DomainError(code: "party.already-registered", message: "Party '\(c.party)' is already registered.")
            }
            try Rule.requireText(c.name, .name, code: "party.name-required", "A party needs a name.")
            return [.registered(PartyRegistered(party: c.party, name: c.name, kind: c.kind, ror: c.ror, country: c.country))]

        case .correctDetails(let c):
            guard let profile = state.profile else {
                throw DomainError(code: "party.not-registered", message: "Only a registered party can be corrected.")
            }
            try Rule.requireText(c.name, .name, code: "party.name-required", "A party needs a name.")
            try Rule.requireText(c.reason, .reason, code: "party.reason-required", "A correction says what was wrong.")
            let unchanged = c.name == profile.name && c.kind == profile.kind && c.ror == profile.ror && c.country == profile.country
            try Rule.require(!unchanged, code: "party.correction-changes-nothing", "The corrected details are the same as the current ones.")
            return [.detailsCorrected(PartyDetailsCorrected(name: c.name, kind: c.kind, ror: c.ror, country: c.country, reason: c.reason))]
        }
    }
}
