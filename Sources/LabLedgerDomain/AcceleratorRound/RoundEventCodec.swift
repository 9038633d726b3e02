public enum RoundEventCodec: EventCodec {
    public static let eventTypes = [
        RoundOpened.eventType, StartupApplied.eventType, StartupAdmitted.eventType, StartupRejected.eventType,
        BenefitGranted.eventType, MentorAssigned.eventType, CohortGraduated.eventType,
    ]

    public static func encode(_ event: RoundEvent) throws -> EncodedEvent {
        switch event {
        case .opened(let event): try EventJSON.encode(event)
        case .startupApplied(let event): try EventJSON.encode(event)
        case .startupAdmitted(let event): try EventJSON.encode(event)
        case .startupRejected(let event): try EventJSON.encode(event)
        case .benefitGranted(let event): try EventJSON.encode(event)
        case .mentorAssigned(let event): try EventJSON.encode(event)
        case .cohortGraduated(let event): try EventJSON.encode(event)
        }
    }

    public static func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> RoundEvent {
        switch encoded.type {
        case RoundOpened.eventType: .opened(try EventJSON.decode(RoundOpened.self, from: encoded))
        case StartupApplied.eventType: .startupApplied(try EventJSON.decode(StartupApplied.self, from: encoded))
        case StartupAdmitted.eventType: .startupAdmitted(try EventJSON.decode(StartupAdmitted.self, from: encoded))
        case StartupRejected.eventType: .startupRejected(try EventJSON.decode(StartupRejected.self, from: encoded))
        case BenefitGranted.eventType: .benefitGranted(try EventJSON.decode(BenefitGranted.self, from: encoded))
        case MentorAssigned.eventType: .mentorAssigned(try EventJSON.decode(MentorAssigned.self, from: encoded))
        case CohortGraduated.eventType: .cohortGraduated(try EventJSON.decode(CohortGraduated.self, from: encoded))
        default: throw .unknownType(encoded.type)
        }
    }
}

extension RoundDecider: Aggregate {
    public typealias Codec = RoundEventCodec
}
