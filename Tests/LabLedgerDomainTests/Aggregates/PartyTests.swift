import Testing
@testable import LabLedgerDomain

@Suite("Party")
struct PartyTests {
    let s: Samples
    let register: RegisterParty
    init() throws {
        s = try Samples()
        register = RegisterParty(party: s.cuhksz, name: "The Chinese University of Hong Kong, Shenzhen", kind: .university, country: try parsed("CN"))
    }

    @Test("a new party is registered with its details")
    func registers() throws {
        let events = try accepted(PartyDecider.self, when: .register(register))
        #expect(events == [.registered(PartyRegistered(party: s.cuhksz, name: register.name, kind: .university, ror: nil, country: register.country))])
        #expect(PartyDecider.fold(events).profile?.name == register.name)
    }

    @Test("a party is registered only once")
    func registersOnce() throws {
        let history = try accepted(PartyDecider.self, when: .register(register))
        #expect(refusal(PartyDecider.self, given: history, when: .register(register)) == "party.already-registered")
    }

    @Test("a party needs a name")
    func needsName() {
        var blank = register
        blank.name = "  "
        #expect(refusal(PartyDecider.self, when: .register(blank)) == "party.name-required")
    }

    @Test("a correction restates the details with a reason and is kept beside the original")
    func corrects() throws {
        let history = try accepted(PartyDecider.self, when: .register(register))
        let hku: ROR = try parsed("https://ror.org/02zhqgq86")
        let correct = CorrectPartyDetails(name: register.name, kind: .university, ror: hku, country: register.country, reason: "ROR id was missing")
        let events = try accepted(PartyDecider.self, given: history, when: .correctDetails(correct))
        #expect(PartyDecider.fold(history + events).profile?.ror == hku)

        var noReason = correct
        noReason.reason = ""
        #expect(refusal(PartyDecider.self, given: history, when: .correctDetails(noReason)) == "party.reason-required")
        var blankName = correct
        blankName.name = ""
        #expect(refusal(PartyDecider.self, given: history, when: .correctDetails(blankName)) == "party.name-required")
    }

    @Test("a correction must change something and needs a registered party")
    func correctionRefusals() throws {
        let history = try accepted(PartyDecider.self, when: .register(register))
        let same = CorrectPartyDetails(name: register.name, kind: .university, ror: nil, country: register.country, reason: "re-check")
        #expect(refusal(PartyDecider.self, given: history, when: .correctDetails(same)) == "party.correction-changes-nothing")
        #expect(refusal(PartyDecider.self, when: .correctDetails(same)) == "party.not-registered")
    }
}
