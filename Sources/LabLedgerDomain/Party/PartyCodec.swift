public enum PartyEventCodec: EventCodec {
    public static let eventTypes = [PartyRegistered.eventType, PartyDetailsCorrected.eventType]

    public static func encode(_ event: PartyEvent) throws -> EncodedEvent {
        switch event {
        case .registered(let event): try EventJSON.encode(event)
        case .detailsCorrected(let event): try EventJSON.encode(event)
        }
    }

    public static func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> PartyEvent {
        switch encoded.type {
        case PartyRegistered.eventType: .registered(try EventJSON.decode(PartyRegistered.self, from: encoded))
        case PartyDetailsCorrected.eventType: .detailsCorrected(try EventJSON.decode(PartyDetailsCorrected.self, from: encoded))
        default: throw .unknownType(encoded.type)
        }
    }
}

extension PartyDecider: Aggregate {
    public typealias Codec = PartyEventCodec
}
