import LabLedgerContract
import LabLedgerDomain

extension APIHandler {
    func openRound(_ input: Operations.OpenRound.Input) async throws -> Operations.OpenRound.Output {
        _ = try Access.writer(Access.keepers, to: "open accelerator rounds")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let lab = fields.value("#path/labId") { try LabID(parsing: input.path.labId) }
        let round = fields.value("/round") { try RoundID(parsing: body.round) }
        let window = fields.placementPeriod("/applicationWindow", body.applicationWindow)
        let openedOn = fields.date("/openedOn", body.openedOn)
        guard fields.ok, let lab, let round, let window, let openedOn else { throw fields.failure }
        let outcome = try await runCommand(
            RoundDecider.self, stream: .round(round), creates: true, location: "/v1/rounds/\(round)",
            what: "Round '\(round)'"
        ) { _ in
            let calendar = try await facts.roundCalendar(lab, year: window.from.year)
            let command = OpenRound(
                round: round, lab: lab, number: body.number, capacity: body.capacity, applicationWindow: window,
                programmeMonths: body.programmeMonths, openedOn: openedOn, labFacts: try await facts.lab(lab),
                calendar: calendar.facts)
            return Decision(command: .open(command), claims: [try calendar.claim(round)])
        }
        return .created(outcome.createdResponse)
    }

    func applyToRound(_ input: Operations.ApplyToRound.Input) async throws -> Operations.ApplyToRound.Output {
        let principal = try Access.writer(Access.companies, to: "apply to accelerator rounds")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let round = fields.value("#path/roundId") { try RoundID(parsing: input.path.roundId) }
        let startup = fields.value("/startup") { try PartyID(parsing: body.startup) }
        let appliedOn = fields.date("/appliedOn", body.appliedOn)
        guard fields.ok, let round, let startup, let appliedOn else { throw fields.failure }
        // A round is an open call: any startup may apply, but only for itself.
        try Access.requireActingAs(principal, startup, field: "/startup")
        let outcome = try await runCommand(
            RoundDecider.self, stream: .round(round), creates: false, what: "Round '\(round)'"
        ) { _ in
            Decision(command: .apply(ApplyToRound(startup: startup, appliedOn: appliedOn, parties: try await facts.parties([startup]))))
        }
        return .ok(outcome.acceptedResponse)
    }

    func admitStartup(_ input: Operations.AdmitStartup.Input) async throws -> Operations.AdmitStartup.Output {
        _ = try Access.writer(Access.keepers, to: "admit startups")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let round = fields.value("#path/roundId") { try RoundID(parsing: input.path.roundId) }
        let startup = fields.value("/startup") { try PartyID(parsing: body.startup) }
        let admittedOn = fields.date("/admittedOn", body.admittedOn)
        guard fields.ok, let round, let startup, let admittedOn else { throw fields.failure }
        let outcome = try await runCommand(
            RoundDecider.self, stream: .round(round), creates: false, what: "Round '\(round)'"
        ) { _ in Decision(command: .admit(AdmitStartup(startup: startup, admittedOn: admittedOn))) }
        return .ok(outcome.acceptedResponse)
    }

    func rejectStartup(_ input: Operations.RejectStartup.Input) async throws -> Operations.RejectStartup.Output {
        _ = try Access.writer(Access.keepers, to: "reject startups")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let round = fields.value("#path/roundId") { try RoundID(parsing: input.path.roundId) }
        let startup = fields.value("/startup") { try PartyID(parsing: body.startup) }
        let rejectedOn = fields.date("/rejectedOn", body.rejectedOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let round, let startup, let rejectedOn else { throw fields.failure }
        let outcome = try await runCommand(
            RoundDecider.self, stream: .round(round), creates: false, what: "Round '\(round)'"
        ) { _ in Decision(command: .reject(RejectStartup(startup: startup, rejectedOn: rejectedOn, reason: body.reason))) }
        return .ok(outcome.acceptedResponse)
    }
}
