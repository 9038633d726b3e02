import EventStore
import Foundation
import LabLedgerAPI
import LabLedgerDomain
import Testing
import TestSupport

/// GET /v1/streams/{id}/state as of a point of the history, on both axes.
@Suite struct TimeTravelTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text) ?? .distantPast }

    static func registered(_ name: String) -> String { #"{"party": "acme", "name": "\#(name)", "kind": "company", "country": "CN"}"# }
    static func corrected(_ name: String) -> String { #"{"name": "\#(name)", "kind": "company", "country": "CN", "reason": "Renamed."}"# }

    /// An RFC 3339 timestamp of exact microseconds.
    static func rfc3339(micros: Int64) -> String {
        let seconds = Date(timeIntervalSince1970: TimeInterval(micros / 1_000_000))
        let whole = ISO8601DateFormatter().string(from: seconds).dropLast()  // drop "Z"
        return "\(whole).\(String(format: "%06d", Int(micros % 1_000_000)))Z"
    }

    static func state(_ response: APIResponse) -> Data? {
        guard let state = response.json["state"] else { return nil }
        return try? JSONSerialization.data(withJSONObject: state, options: [.sortedKeys])
    }

    /// The domain's own fold of `events`, as JSON the way the endpoint renders it.
    static func folded(_ events: [RecordedEvent]) throws -> Data {
        let decoded = try events.map { try PartyDecider.Codec.decode(EncodedEvent(type: $0.type, schemaVersion: $0.schemaVersion, data: $0.data)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(PartyDecider.fold(decoded))
        return try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: json), options: [.sortedKeys])
    }

    @Test func theStateAtEachPastPositionEqualsFoldingThatPrefixOfTheStream() async throws {
        try await APITestApp.run("time_travel_prefix", workers: false) { app in
            let stream = "party-acme"
            var bodies = [Self.registered("Acme")]
            for index in 1...4 { bodies.append(Self.corrected("Acme \(index)")) }
            for (index, body) in bodies.enumerated() {
                let type = index == 0 ? "PartyRegistered" : "PartyDetailsCorrected"
                _ = try await app.store.append(to: stream, expected: .any, [event(type, body)])
                _ = try await app.store.append(to: "other-1", expected: .any, [event("Noise")])
            }
            let events = try await app.store.readStream(stream, from: 1, limit: 100)
            #expect(events.count == bodies.count)
            let auditor = try await app.key(.auditor)
            for count in 1...events.count {
                let position = events[count - 1].globalPosition
                let expected = try Self.folded(Array(events.prefix(count)))
                // At the event itself and just before the next one (a position of another stream).
                for at in [position, position + 1] {
                    let response = try await app.get("/v1/streams/\(stream)/state?at=position:\(at)", key: auditor)
                    #expect(response.status == .ok, "\(response.text)")
                    #expect((response.json["events"] as? NSNumber)?.intValue == count)
                    #expect(Self.state(response) == expected, "position \(at)")
                }
            }
            let now = try await app.get("/v1/streams/\(stream)/state", key: auditor)
            let all = try Self.folded(events)
            #expect(Self.state(now) == all)
        }
    }

    /// A correction recorded now but occurred in 2020: on the occurred axis the party was
    /// renamed from 2020 on; on the recorded axis only from the moment the ledger learnt it.
    @Test func aLateRecordedFactShowsOnTheOccurredAxisEarlierThanOnTheRecordedAxis() async throws {
        try await APITestApp.run("time_travel_axes", workers: false) { app in
            let stream = "party-acme"
            let first = EventData(type: "PartyRegistered", data: Data(Self.registered("Acme").utf8), occurredAt: Self.at("2019-01-01T00:00:00Z"))
            _ = try await app.store.append(to: stream, expected: .any, [first])
            let late = EventData(type: "PartyDetailsCorrected", data: Data(Self.corrected("Acme Ltd").utf8), occurredAt: Self.at("2020-01-01T00:00:00Z"))
            _ = try await app.store.append(to: stream, expected: .any, [late])
            let events = try await app.store.readStream(stream, from: 1, limit: 10)
            let learnt = events[0].recordedAtMicroseconds
            try #require(events[1].recordedAtMicroseconds > learnt, "the correction was recorded after the registration")
            let auditor = try await app.key(.auditor)
            func name(_ query: String) async throws -> String? {
                let response = try await app.get("/v1/streams/\(stream)/state?\(query)", key: auditor)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return ((response.json["state"] as? [String: Any])?["profile"] as? [String: Any])?["name"] as? String
            }
            let then = Self.rfc3339(micros: learnt).replacingOccurrences(of: "+", with: "%2B")
            // When only the registration was recorded: the ledger did not know of the renaming…
            #expect(try await name("at=\(then)&axis=recorded") == "Acme")
            // …but the world, as the ledger knows it now, had already renamed the party.
            #expect(try await name("at=\(then)&axis=occurred") == "Acme Ltd")
            #expect(try await name("at=2019-06-01T00:00:00Z&axis=occurred") == "Acme")
            #expect(try await name("at=2018-06-01T00:00:00Z&axis=occurred") == nil)
            #expect(try await name("axis=recorded") == "Acme Ltd")
        }
    }

    @Test func badPointsAreOneProblemNamingEveryFieldAndChangeNothing() async throws {
        try await APITestApp.run("time_travel_bad", workers: false) { app in
            _ = try await app.store.append(to: "party-acme", expected: .any, [event("PartyRegistered", Self.registered("Acme"))])
            let auditor = try await app.key(.auditor)
            func problem(_ path: String) async throws -> (code: String?, pointers: Set<String>) {
                let response = try await app.get(path, key: auditor)
                #expect(response.status == .badRequest, "\(path): \(response.text)")
                let errors = response.json["errors"] as? [[String: Any]] ?? []
                return (errors.first?["code"] as? String, Set(errors.compactMap { $0["pointer"] as? String }))
            }
            #expect(try await problem("/v1/streams/party-acme/state?at=2020-02-30T00:00:00Z&axis=sideways").pointers == ["#query/at", "#query/axis"])
            #expect(try await problem("/v1/streams/party-acme/state?at=yesterday").code == "history.invalid-point")
            #expect(try await problem("/v1/streams/party-acme/state?at=position:999999").code == "history.beyond-head")
            #expect(try await problem("/v1/streams/party-acme/state?at=log:0").code == "history.beyond-head", "nothing is sequenced without the sequencer")
            #expect(try await problem("/v1/streams/party-acme/state?at=2999-01-01T00:00:00Z").code == "history.beyond-head")
            #expect(try await problem("/v1/streams/party-acme/state?at=position:1&axis=occurred").pointers == ["#query/axis"])
            #expect(try await problem("/v1/streams/nodash/state").pointers == ["#path/streamId"])
            #expect(try await app.get("/v1/streams/party-nobody/state", key: auditor).status == .notFound)
            let party = try await app.key(.company, party: "acme")
            #expect(try await app.get("/v1/streams/party-acme/state", key: party).status == .forbidden)
            // Counted in the table: a gap-safe read may not see even the first event yet while
            // other suites' transactions are open in the same cluster.
            #expect(try await app.database.count() == 1, "nothing was written")
        }
    }
}
