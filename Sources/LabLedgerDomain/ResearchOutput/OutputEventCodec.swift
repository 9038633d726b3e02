public enum OutputEventCodec: EventCodec {
    public static let eventTypes = [
        OutputRegistered.eventType, OutputSubmittedForValidation.eventType, OutputValidated.eventType, OutputCorrected.eventType,
        PublicationReviewRequested.eventType, PublicationReviewCleared.eventType, OutputPublished.eventType, OutputWithdrawn.eventType,
    ]

    public static func encode(_ event: OutputEvent) throws -> EncodedEvent {
        switch event {
        case .registered(let event): try EventJSON.encode(event)
        case .submittedForValidation(let event): try EventJSON.encode(event)
        case .validated(let event): try EventJSON.encode(event)
        case .corrected(let event): try EventJSON.encode(event)
        case .publicationReviewRequested(let event): try EventJSON.encode(event)
        case .publicationReviewCleared(let event): try EventJSON.encode(event)
        case .published(let event): try EventJSON.encode(event)
        case .withdrawn(let event): try EventJSON.encode(event)
        }
    }

    public static func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> OutputEvent {
        switch encoded.type {
        case OutputRegistered.eventType: .registered(try EventJSON.decode(OutputRegistered.self, from: encoded))
        case OutputSubmittedForValidation.eventType:
            .submittedForValidation(try EventJSON.decode(OutputSubmittedForValidation.self, from: encoded))
        case OutputValidated.eventType: .validated(try EventJSON.decode(OutputValidated.self, from: encoded))
        case OutputCorrected.eventType: .corrected(try EventJSON.decode(OutputCorrected.self, from: encoded))
        case PublicationReviewRequested.eventType:
            .publicationReviewRequested(try EventJSON.decode(PublicationReviewRequested.self, from: encoded))
        case PublicationReviewCleared.eventType:
            .publicationReviewCleared(try EventJSON.decode(PublicationReviewCleared.self, from: encoded))
        case OutputPublished.eventType: .published(try EventJSON.decode(OutputPublished.self, from: encoded))
        case OutputWithdrawn.eventType: .withdrawn(try EventJSON.decode(OutputWithdrawn.self, from: encoded))
        default: throw .unknownType(encoded.type)
        }
    }
}

extension OutputDecider: Aggregate {
    public typealias Codec = OutputEventCodec
}
