public enum LabEventCodec: EventCodec {
    public static let eventTypes = [
        LabFounded.eventType, MemberAdmitted.eventType, MemberDeparted.eventType,
        AdvisoryBoardMemberAppointed.eventType, LabDissolved.eventType, LabProfileRecorded.eventType,
    ]

    public static func encode(_ event: LabEvent) throws -> EncodedEvent {
        switch event {
        case .founded(let event): try EventJSON.encode(event)
        case .memberAdmitted(let event): try EventJSON.encode(event)
        case .memberDeparted(let event): try EventJSON.encode(event)
        case .advisoryBoardMemberAppointed(let event): try EventJSON.encode(event)
        case .profileRecorded(let event): try EventJSON.encode(event)
        case .dissolved(let event): try EventJSON.encode(event)
        }
    }

    public static func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> LabEvent {
        switch encoded.type {
        case LabFounded.eventType: .founded(try EventJSON.decode(LabFounded.self, from: encoded))
        case MemberAdmitted.eventType: .memberAdmitted(try EventJSON.decode(MemberAdmitted.self, from: encoded))
        case MemberDeparted.eventType: .memberDeparted(try EventJSON.decode(MemberDeparted.self, from: encoded))
        case AdvisoryBoardMemberAppointed.eventType:
            .advisoryBoardMemberAppointed(try EventJSON.decode(AdvisoryBoardMemberAppointed.self, from: encoded))
        case LabProfileRecorded.eventType: .profileRecorded(try EventJSON.decode(LabProfileRecorded.self, from: encoded))
        case LabDissolved.eventType: .dissolved(try EventJSON.decode(LabDissolved.self, from: encoded))
        default: throw .unknownType(encoded.type)
        }
    }
}

extension LabDecider: Aggregate {
    public typealias Codec = LabEventCodec
}
