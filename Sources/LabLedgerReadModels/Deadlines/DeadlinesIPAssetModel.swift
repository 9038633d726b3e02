import Foundation
import LabLedgerDomain

/// What an asset's option deadlines need: the asset, its owners, its options.
struct DeadlinesAssetDocument: Codable, Sendable, Equatable {
    struct Owner: Codable, Sendable, Equatable {
        let party: PartyID
        var basisPoints: Int
    }

    struct Option: Codable, Sendable, Equatable {
        let number: Int
        let sponsor: PartyID
        let fields: [FieldOfUse]
        let expiresOn: LocalDate
        var settlement: DeadlineSettlement?
    }

    let asset: IPAssetID
    let lab: LabID
    let title: String
    /// Sorted by party; an owner whose share falls to zero leaves.
    var owners: [Owner]
    var options: [Option]
    var stamp: LedgerStamp
}

/// Option expiries: the sponsor decides before `expiresOn`; the owners are bound meanwhile.
enum DeadlinesIPAssetModel: StreamReadModel {
    static let category = StreamCategory.ipAsset
    static let eventTypes = [
        InventionDisclosed.eventType, OwnershipDetermined.eventType, OwnershipTransferred.eventType, OptionGranted.eventType,
        OptionExercised.eventType, OptionDeclined.eventType, OptionLapsed.eventType,
    ]

    static func evolve(_ document: DeadlinesAssetDocument?, _ event: ProjectableEvent) throws -> DeadlinesAssetDocument {
        let decoded = try event.decoded(IPAssetEventCodec.self)
        if case .inventionDisclosed(let e) = decoded {
            try LedgerFold.requireNew(document, event)
            return DeadlinesAssetDocument(asset: e.asset, lab: e.lab, title: e.title, owners: [], options: [], stamp: LedgerStamp(event))
        }
        var document = try LedgerFold.existing(document, event)
        document.stamp = try document.stamp.next(event)
        switch decoded {
        case .ownershipDetermined(let e):
            let shares = Dictionary(e.owners.map { ($0.party, $0.shareBasisPoints.rawValue) }, uniquingKeysWith: +)
            document.owners = shares.map { .init(party: $0.key, basisPoints: $0.value) }.sorted { $0.party < $1.party }
        case .ownershipTransferred(let e):
            document.transfer(e.shareBasisPoints.rawValue, from: e.from, to: e.to)
        case .optionGranted(let e):
            guard !document.options.contains(where: { $0.number == e.option }) else {
                throw LedgerFold.outOfOrder(event, "option \(e.option) was already granted")
            }
            document.options.append(.init(number: e.option, sponsor: e.sponsor, fields: e.fields, expiresOn: e.expiresOn))
        case .optionExercised(let e):
            try document.settle(e.option, DeadlineSettlement(resolution: .exercised, on: e.exercisedOn), event)
        case .optionDeclined(let e):
            try document.settle(e.option, DeadlineSettlement(resolution: .declined, on: e.declinedOn), event)
        case .optionLapsed(let e):
            try document.settle(e.option, DeadlineSettlement(resolution: .lapsed, on: e.lapsedOn), event)
        default:
            break
        }
        return document
    }

    static func rows(_ document: DeadlinesAssetDocument, streamID: String, into rows: inout ReadModelRows) throws {
        for option in document.options {
            let fields = option.fields.map(\.rawValue).joined(separator: ", ")
            try rows.add(
                DeadlineRow(
                    streamID: streamID, key: "option-\(option.number)", kind: .optionExpiry, subject: document.asset.rawValue,
                    lab: document.lab, parties: [option.sponsor] + document.owners.map(\.party), dueOn: option.expiresOn,
                    description: "Option \(option.number) of \(option.sponsor) on '\(document.title)' (\(fields)) expires",
                    settlement: option.settlement, stamp: document.stamp),
                to: DeadlinesTables.deadlines)
        }
    }
}

extension DeadlinesAssetDocument {
    /// The same arithmetic as the domain's state: the giver keeps what is left, if anything.
    fileprivate mutating func transfer(_ share: Int, from giver: PartyID, to taker: PartyID) {
        var shares = Dictionary(owners.map { ($0.party, $0.basisPoints) }, uniquingKeysWith: +)
        let left = (shares[giver] ?? 0) - share
        shares[giver] = left > 0 ? left : nil
        shares[taker, default: 0] += share
        owners = shares.map { Owner(party: $0.key, basisPoints: $0.value) }.sorted { $0.party < $1.party }
    }

    fileprivate mutating func settle(_ number: Int, _ settlement: DeadlineSettlement, _ event: ProjectableEvent) throws {
        guard let index = options.firstIndex(where: { $0.number == number }), options[index].settlement == nil else {
            throw LedgerFold.outOfOrder(event, "option \(number) is not open")
        }
        options[index].settlement = settlement
    }
}
