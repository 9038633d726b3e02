import EventStore
import Foundation
import LabLedgerDomain

/// A funding commitment written straight to the store (as `AssetSeed` writes assets), grown to
/// a given number of disbursements, for the scaling benchmark's commands to extend.
struct CommitmentSeed {
    let store: PostgresEventStore
    let id: String
    /// Disbursements appended so far (the stream's version is this plus one).
    private(set) var disbursements = 0

    var stream: String { "commitment-\(id)" }

    /// Large enough for every disbursement the benchmark records.
    static let committed = "100000000.00"
    static let each = "1.00"

    /// The agreement the seeded commitments are under, drafted once: a commitment's query joins
    /// its agreement's row, so without it `GET /v1/commitments/{id}` is a 404.
    static let agreement = "bench-agreement"
    static let drafted = #"""
        {"agreement": "bench-agreement", "costShares": [{"basisPoints": 10000, "party": "tencent"}, {"basisPoints": 0, "party": "cuhk-shenzhen"}],
         "draftedOn": "2018-01-01", "ipTerms": {"ownership": "joint", "publicationReviewDays": 30, "sponsorOptionDays": 90},
         "kind": "joint_lab_agreement", "lab": "bench-lab", "parties": [{"party": "tencent", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}],
         "term": {"from": "2018-01-01", "to": "2030-01-01"}, "title": "Benchmark agreement"}
        """#

    static func create(_ id: String, store: PostgresEventStore) async throws -> CommitmentSeed {
        let stream = "agreement-\(agreement)"
        if try await store.currentVersion(of: stream) == 0 {
            // Decoded first, so a drafted event the domain would not read fails here, not in a worker.
            let encoded = EncodedEvent(type: AgreementDrafted.eventType, schemaVersion: 1, data: Data(drafted.utf8))
            _ = try AgreementEventCodec.decode(encoded)
            try await store.append(to: stream, expected: .noStream, [EventData(type: encoded.type, schemaVersion: 1, data: encoded.data)])
        }
        let cny = try CurrencyCode(parsing: "CNY")
        let committed = FundingEvent.committed(FundingCommitted(
            commitment: try CommitmentID(parsing: id), agreement: try AgreementID(parsing: agreement),
            funder: try PartyID(parsing: "tencent"), purpose: .phdStipend, amount: .cash(try Money(parsing: committed, currency: cny)),
            period: try DateRange(from: try LocalDate(parsing: "2018-01-01"), to: try LocalDate(parsing: "2030-01-01"))))
        try await store.append(to: "commitment-\(id)", expected: .noStream, [try event(committed)])
        return CommitmentSeed(store: store, id: id)
    }

    /// Appends disbursements until the stream holds `count`, a thousand per append.
    mutating func grow(to count: Int) async throws {
        let cny = try CurrencyCode(parsing: "CNY")
        let day = try LocalDate(parsing: "2019-01-01")
        while disbursements < count {
            let batch = min(1_000, count - disbursements)
            let events = try (disbursements..<(disbursements + batch)).map { index in
                try Self.event(.disbursementRecorded(DisbursementRecorded(
                    amount: .cash(try Money(parsing: Self.each, currency: cny)), valueDate: day, reference: "seed-\(index)")))
            }
            try await store.append(to: stream, expected: .exact(disbursements + 1), events)
            disbursements += batch
        }
    }

    /// One more recorded through the API (its answer moved the stream).
    mutating func recordedByCommand() { disbursements += 1 }

    static func body(reference: String) -> String {
        #"{"amount": {"currency": "CNY", "amount": "\#(each)"}, "valueDate": "2019-01-01", "reference": "\#(reference)"}"#
    }

    private static func event(_ event: FundingEvent) throws -> EventData {
        let encoded = try FundingEventCodec.encode(event)
        return EventData(type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data)
    }
}
