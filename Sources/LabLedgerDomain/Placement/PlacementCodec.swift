public enum PlacementEventCodec: EventCodec {
    public static let eventTypes = [
        StudentshipAwarded.eventType, StipendPaid.eventType, InternshipStarted.eventType, InternshipEnded.eventType,
        PostdocAppointed.eventType, DegreeConferred.eventType, PlacementEnded.eventType,
    ]

    public static func encode(_ event: PlacementEvent) throws -> EncodedEvent {
        switch event {
        case .studentshipAwarded(let event): try EventJSON.encode(event)
        case .stipendPaid(let event): try EventJSON.encode(event)
        case .internshipStarted(let event): try EventJSON.encode(event)
        case .internshipEnded(let event): try EventJSON.encode(event)
        case .postdocAppointed(let event): try EventJSON.encode(event)
        case .degreeConferred(let event): try EventJSON.encode(event)
        case .ended(let event): try EventJSON.encode(event)
        }
    }

    public static func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> PlacementEvent {
        switch encoded.type {
        case StudentshipAwarded.eventType: .studentshipAwarded(try EventJSON.decode(StudentshipAwarded.self, from: encoded))
        case StipendPaid.eventType: .stipendPaid(try EventJSON.decode(StipendPaid.self, from: encoded))
        case InternshipStarted.eventType: .internshipStarted(try EventJSON.decode(InternshipStarted.self, from: encoded))
        case InternshipEnded.eventType: .internshipEnded(try EventJSON.decode(InternshipEnded.self, from: encoded))
        case PostdocAppointed.eventType: .postdocAppointed(try EventJSON.decode(PostdocAppointed.self, from: encoded))
        case DegreeConferred.eventType: .degreeConferred(try EventJSON.decode(DegreeConferred.self, from: encoded))
        case PlacementEnded.eventType: .ended(try EventJSON.decode(PlacementEnded.self, from: encoded))
        default: throw .unknownType(encoded.type)
        }
    }
}

extension PlacementDecider: Aggregate {
    public typealias Codec = PlacementEventCodec
}
