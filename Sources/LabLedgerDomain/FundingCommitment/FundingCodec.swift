public enum FundingEventCodec: EventCodec {
    public static let eventTypes = [
        FundingCommitted.eventType, DisbursementRecorded.eventType, DisbursementReversed.eventType,
        CommitmentAdjusted.eventType, CommitmentClosed.eventType,
    ]

    public static func encode(_ event: FundingEvent) throws -> EncodedEvent {
        switch event {
        case .committed(let event): try EventJSON.encode(event)
        case .disbursementRecorded(let event): try EventJSON.encode(event)
        case .disbursementReversed(let event): try EventJSON.encode(event)
        case .adjusted(let event): try EventJSON.encode(event)
        case .closed(let event): try EventJSON.encode(event)
        }
    }

    public static func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> FundingEvent {
        switch encoded.type {
        case FundingCommitted.eventType: .committed(try EventJSON.decode(FundingCommitted.self, from: encoded))
        case DisbursementRecorded.eventType: .disbursementRecorded(try EventJSON.decode(DisbursementRecorded.self, from: encoded))
        case DisbursementReversed.eventType: .disbursementReversed(try EventJSON.decode(DisbursementReversed.self, from: encoded))
        case CommitmentAdjusted.eventType: .adjusted(try EventJSON.decode(CommitmentAdjusted.self, from: encoded))
        case CommitmentClosed.eventType: .closed(try EventJSON.decode(CommitmentClosed.self, from: encoded))
        default: throw .unknownType(encoded.type)
        }
    }
}

extension FundingDecider: Aggregate {
    public typealias Codec = FundingEventCodec
}
