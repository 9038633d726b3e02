public enum AgreementEventCodec: EventCodec {
    public static let eventTypes = [
        AgreementDrafted.eventType, AgreementSigned.eventType, AgreementAmended.eventType,
        AgreementTerminated.eventType, AgreementExpired.eventType,
    ]

    public static func encode(_ event: AgreementEvent) throws -> EncodedEvent {
        switch event {
        case .drafted(let event): try EventJSON.encode(event)
        case .signed(let event): try EventJSON.encode(event)
        case .amended(let event): try EventJSON.encode(event)
        case .terminated(let event): try EventJSON.encode(event)
        case .expired(let event): try EventJSON.encode(event)
        }
    }

    public static func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> AgreementEvent {
        switch encoded.type {
        case AgreementDrafted.eventType: .drafted(try EventJSON.decode(AgreementDrafted.self, from: encoded))
        case AgreementSigned.eventType: .signed(try EventJSON.decode(AgreementSigned.self, from: encoded))
        case AgreementAmended.eventType: .amended(try EventJSON.decode(AgreementAmended.self, from: encoded))
        case AgreementTerminated.eventType: .terminated(try EventJSON.decode(AgreementTerminated.self, from: encoded))
        case AgreementExpired.eventType: .expired(try EventJSON.decode(AgreementExpired.self, from: encoded))
        default: throw .unknownType(encoded.type)
        }
    }
}

extension AgreementDecider: Aggregate {
    public typealias Codec = AgreementEventCodec
}
