import Foundation
import LabLedgerDomain

struct DirectoryPartyDocument: Codable, Sendable, Equatable {
    var profile: PartyProfile
    var stamp: LedgerStamp
}

/// A party's entry in the directory: the domain's profile, corrections applied in full.
enum DirectoryPartyModel: StreamReadModel {
    static let category = StreamCategory.party
    static let eventTypes = PartyEventCodec.eventTypes

    static func evolve(_ document: DirectoryPartyDocument?, _ event: ProjectableEvent) throws -> DirectoryPartyDocument {
        let decoded = try event.decoded(PartyEventCodec.self)
        let stamp: LedgerStamp
        if case .registered = decoded {
            try LedgerFold.requireNew(document, event)
            stamp = LedgerStamp(event)
        } else {
            stamp = try LedgerFold.existing(document, event).stamp.next(event)
        }
        let state = PartyDecider.evolve(document.map { .registered($0.profile) } ?? PartyDecider.initial, decoded)
        guard let profile = state.profile else { throw LedgerFold.outOfOrder(event, "the party is not registered") }
        return DirectoryPartyDocument(profile: profile, stamp: stamp)
    }

    static func rows(_ document: DirectoryPartyDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let profile = document.profile
        try rows.add(
            DirectoryPartyRow(
                stream_id: streamID, party_id: profile.id.rawValue, name: profile.name, kind: profile.kind.rawValue,
                ror: profile.ror?.rawValue, country: profile.country.rawValue,
                stream_version: document.stamp.version, updated_position: document.stamp.position),
            to: DirectoryTables.parties)
    }
}

public struct DirectoryPartyRow: Codable, Equatable, Sendable {
    public let stream_id: String
    public let party_id: String
    public let name: String
    public let kind: String
    public let ror: String?
    public let country: String
    public let stream_version: Int
    public let updated_position: Int64
}
