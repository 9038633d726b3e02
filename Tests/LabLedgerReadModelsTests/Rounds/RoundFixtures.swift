import LabLedgerDomain
@testable import LabLedgerReadModels

/// HKAI Lab's first accelerator round, September 2018, with three applicants.
struct RoundFixtures {
    typealias F = LedgerFixtures

    let lab: LabID
    let round: RoundID
    let alibabaCloud: PartyID
    let visionStartup: PartyID
    let speechStartup: PartyID
    let robotStartup: PartyID
    let mentor: PersonID
    let mentorPerson: PersonalData

    init() throws {
        lab = try F.id("hkai-lab")
        round = try F.id("hkai-2018-1")
        alibabaCloud = try F.id("alibaba-cloud")
        visionStartup = try F.id("vision-startup")
        speechStartup = try F.id("speech-startup")
        robotStartup = try F.id("robot-startup")
        mentor = try F.id("person-0300")
        mentorPerson = try PersonalData(name: "Wong Ka Yan", email: "ky.wong@example.hk", phone: "+852 0000 0000")
    }

    var streamID: String { "round-\(round)" }

    func opened() throws -> RoundEvent {
        .opened(RoundOpened(
            round: round, lab: lab, number: 1, capacity: 2, applicationWindow: try F.range("2018-09-01", "2018-10-01"),
            programmeMonths: 6, openedOn: try F.date("2018-08-15")))
    }

    func applied(_ startup: PartyID, on day: String = "2018-09-10") throws -> RoundEvent {
        .startupApplied(StartupApplied(startup: startup, appliedOn: try F.date(day)))
    }

    func admitted(_ startup: PartyID) throws -> RoundEvent {
        .startupAdmitted(StartupAdmitted(startup: startup, admittedOn: try F.date("2018-10-05")))
    }

    func rejected(_ startup: PartyID) throws -> RoundEvent {
        .startupRejected(StartupRejected(startup: startup, rejectedOn: try F.date("2018-10-06"), reason: "not yet an AI product"))
    }

    func gpuCredits(_ startup: PartyID, reference: String) throws -> RoundEvent {
        .benefitGranted(BenefitGranted(
            startup: startup, kind: .cloudCredits, quantity: .inKind(InKindQuantity(2000, .gpuHours)), provider: alibabaCloud,
            commitment: try F.id("alibaba-gpu-2018"), reference: reference, grantedOn: try F.date("2018-10-10")))
    }

    func mentorAssigned(_ startup: PartyID, person: PersonalData? = nil, fromTheBoard: Bool = false) throws -> RoundEvent {
        .mentorAssigned(MentorAssigned(
            startup: startup, mentor: mentor, assignedOn: try F.date("2018-10-12"), person: person ?? mentorPerson,
            advisoryBoardMember: fromTheBoard ? true : nil))
    }

    /// Two admitted (vision, speech), one rejected (robot).
    func decidedCohort() throws -> [RoundEvent] {
        [
            try opened(), try applied(visionStartup), try applied(speechStartup, on: "2018-09-20"), try applied(robotStartup),
            try admitted(visionStartup), try admitted(speechStartup), try rejected(robotStartup),
        ]
    }

    func stream() -> LedgerFixtureStream<RoundEventCodec> { LedgerFixtureStream(streamID, firstPosition: 500) }
}
