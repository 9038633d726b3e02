import Foundation
import LabLedgerDomain

/// What a placement's deadlines need; the person's id and personal data are left out.
struct DeadlinesPlacementDocument: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable { case studentship, postdoc }

    struct Internship: Codable, Sendable, Equatable {
        let host: PartyID
        let period: DateRange
        var endedOn: LocalDate?
    }

    let placement: PlacementID
    let kind: Kind
    let lab: LabID
    let period: DateRange
    /// Degree grantor and sponsor of a studentship; employer of a postdoc.
    let parties: [PartyID]
    var internships: [Internship]
    var endedOn: LocalDate?
    var stamp: LedgerStamp
}

/// The end of a studentship or postdoc appointment, and of each internship.
enum DeadlinesPlacementModel: StreamReadModel {
    static let category = StreamCategory.placement
    static let eventTypes = [
        StudentshipAwarded.eventType, PostdocAppointed.eventType, InternshipStarted.eventType, InternshipEnded.eventType,
        PlacementEnded.eventType,
    ]

    static func evolve(_ document: DeadlinesPlacementDocument?, _ event: ProjectableEvent) throws -> DeadlinesPlacementDocument {
        switch try event.decoded(PlacementEventCodec.self) {
        case .studentshipAwarded(let e):
            try LedgerFold.requireNew(document, event)
            return DeadlinesPlacementDocument(
                placement: e.placement, kind: .studentship, lab: e.lab, period: e.period, parties: [e.degreeGrantor, e.sponsor],
                internships: [], stamp: LedgerStamp(event))
        case .postdocAppointed(let e):
            try LedgerFold.requireNew(document, event)
            return DeadlinesPlacementDocument(
                placement: e.placement, kind: .postdoc, lab: e.lab, period: e.period, parties: [e.employer], internships: [],
                stamp: LedgerStamp(event))
        case .internshipStarted(let e):
            var document = try next(document, event)
            document.internships.append(.init(host: e.host, period: e.period))
            return document
        case .internshipEnded(let e):
            var document = try next(document, event)
            guard let last = document.internships.indices.last, document.internships[last].endedOn == nil else {
                throw LedgerFold.outOfOrder(event, "no internship is in progress")
            }
            document.internships[last].endedOn = e.endedOn
            return document
        case .ended(let e):
            var document = try next(document, event)
            document.endedOn = e.endedOn
            return document
        case .stipendPaid, .degreeConferred:
            return try next(document, event)
        }
    }

    private static func next(_ document: DeadlinesPlacementDocument?, _ event: ProjectableEvent) throws -> DeadlinesPlacementDocument {
        var document = try LedgerFold.existing(document, event)
        document.stamp = try document.stamp.next(event)
        return document
    }

    static func rows(_ document: DeadlinesPlacementDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let id = document.placement.rawValue
        let placementEnded = document.endedOn.map { DeadlineSettlement(resolution: .ended, on: $0) }
        if let end = document.period.to {
            let what = document.kind == .studentship ? "PhD studentship" : "Postdoc appointment"
            try rows.add(
                DeadlineRow(
                    streamID: streamID, key: "placement-end", kind: .placementEnd, subject: id, lab: document.lab,
                    parties: document.parties, dueOn: end, description: "\(what) \(id) ends", settlement: placementEnded,
                    stamp: document.stamp),
                to: DeadlinesTables.deadlines)
        }
        for (index, internship) in document.internships.enumerated() {
            guard let end = internship.period.to else { continue }
            try rows.add(
                DeadlineRow(
                    streamID: streamID, key: "internship-\(index + 1)", kind: .internshipEnd, subject: id, lab: document.lab,
                    parties: [internship.host] + document.parties, dueOn: end,
                    description: "Internship of \(id) at \(internship.host) ends",
                    settlement: internship.endedOn.map { DeadlineSettlement(resolution: .ended, on: $0) } ?? placementEnded,
                    stamp: document.stamp),
                to: DeadlinesTables.deadlines)
        }
    }
}
