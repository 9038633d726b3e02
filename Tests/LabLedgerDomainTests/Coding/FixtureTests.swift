import Foundation
import Testing
@testable import LabLedgerDomain

/// The guard against breaking history: events written by earlier builds, committed as a
/// fixture, must keep decoding — and, at their current version, re-encode to the same JSON.
@Suite("Committed event fixtures")
struct FixtureTests {
    func load() throws -> [FixtureEvent] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/events-v1", withExtension: "json"))
        return try JSONDecoder().decode([FixtureEvent].self, from: Data(contentsOf: url))
    }

    func encoded(_ entry: FixtureEvent) throws -> EncodedEvent {
        EncodedEvent(type: entry.type, schemaVersion: entry.schemaVersion, data: try EventJSON.encoder().encode(entry.data))
    }

    @Test("every event in events-v1.json still decodes")
    func decodes() throws {
        for entry in try load() {
            #expect(throws: Never.self, "\(entry.type) v\(entry.schemaVersion)") { _ = try AnyDomainEvent.roundTrip(encoded(entry)) }
        }
    }

    @Test("the fixture holds every event type of this module")
    func coversEveryType() throws {
        #expect(Set(try load().map(\.type)) == Set(AnyDomainEvent.allTypes))
    }

    @Test("current-version fixture events re-encode to the same JSON")
    func reencodesUnchanged() throws {
        for entry in try load() {
            let again = try AnyDomainEvent.roundTrip(encoded(entry))
            #expect(again.type == entry.type)
            if entry.schemaVersion == again.schemaVersion {
                #expect(try JSONDecoder().decode(JSONValue.self, from: again.data) == entry.data, "\(entry.type)")
            }
        }
    }

    @Test("the fixture keeps an old-version event, proving upcasting on real history")
    func keepsAnOldVersion() throws {
        #expect(try load().contains { $0.type == "LabFounded" && $0.schemaVersion == 1 })
    }
}
