import EventStore
import Foundation
import LabLedgerDomain

/// The claim stream behind "at most two rounds a year per lab": `roundcalendar-<lab>.<year>`
/// holds one `RoundScheduled` per round opened in that year. Opening a round reads it for the
/// decider's `RoundCalendarFacts` and appends to it at the version read, in the same
/// transaction as `RoundOpened`, so two openings racing for the last slot cannot both commit.
struct RoundCalendar: Sendable {
    static let category = "roundcalendar"
    static let eventType = "RoundScheduled"

    /// The claim event's payload.
    struct Scheduled: Codable, Sendable {
        var lab: String
        var year: Int
        var round: String
    }

    let lab: LabID
    let year: Int
    let stream: StreamName
    let facts: RoundCalendarFacts
    /// The calendar stream's version when read (0: no round yet that year).
    let version: Int

    /// A claim that schedules `round` in this calendar, valid only if nobody wrote to it since.
    func claim(_ round: RoundID) throws -> StreamClaim {
        let data = try EventJSON.encoder().encode(Scheduled(lab: lab.rawValue, year: year, round: round.rawValue))
        return StreamClaim(stream: stream, expected: version == 0 ? .noStream : .exact(version), type: Self.eventType, data: data)
    }
}

extension Facts {
    /// The rounds `lab` scheduled in `year`, as its calendar stream stands now.
    func roundCalendar(_ lab: LabID, year: Int) async throws -> RoundCalendar {
        let stream = try StreamName(category: StreamCategory(parsing: RoundCalendar.category), id: "\(lab.rawValue).\(year)")
        var rounds: [RoundID] = []
        var version = 0
        let page = 1_000
        let decoder = EventJSON.decoder()
        while true {
            let events = try await loader.store.readStream(stream.rawValue, from: version + 1, limit: page)
            for event in events {
                let scheduled = try decoder.decode(RoundCalendar.Scheduled.self, from: event.data)
                rounds.append(try RoundID(parsing: scheduled.round))
                version = event.streamVersion
            }
            if events.count < page { break }
        }
        return RoundCalendar(
            lab: lab, year: year, stream: stream, facts: RoundCalendarFacts(lab: lab, year: year, roundsOpened: rounds),
            version: version)
    }
}
