import EventStore
import Foundation
import LabLedgerDomain
import Testing

/// GET /v1/labs/{labId}/funding?asOf=…: the lab's commitments folded up to a point, checked
/// against sums recomputed here from the commitment events themselves.
@Suite struct FundingAsOfTests {
    static let commitments = ["jd-grant-2018", "tencent-gpu-2019", MILab.stipends]
    let fundingPath = "/v1/labs/\(MILab.lab)/funding"

    /// Three commitments of the lab under two agreements (Tencent is not a party to JD's), in
    /// CNY and GPU hours, with disbursements, a reversal and a disbursement after it.
    private func fundTheLab(_ app: APITestApp, _ admin: String) async throws -> String {
        _ = try await app.fundMILab(admin)
        try MILab.check(
            await app.post(
                "/v1/commitments/\(MILab.stipends)/reversals", key: admin,
                json: #"{"reference": "TC-2018-09-001", "reason": "Paid twice by the bank; refunded.", "reversedOn": "2018-09-20"}"#),
            .ok)
        let last = try MILab.check(
            await app.post("/v1/commitments/\(MILab.stipends)/disbursements", key: admin, json: MILab.disbursement("TC-2018-10-001", on: "2018-10-15")),
            .ok)
        return try #require(last.position)
    }

    /// Sums per currency or unit: committed, disbursed, remaining (nothing is closed here).
    struct Sums: Equatable, CustomStringConvertible {
        var commitments = 0, committed: Int64 = 0, disbursed: Int64 = 0
        var remaining: Int64 { committed - disbursed }
        var description: String { "\(commitments) commitments, \(committed) committed, \(disbursed) disbursed" }
    }

    /// The lab's totals up to global position `position`, from the events alone.
    static func expectedTotals(_ events: [RecordedEvent], upTo position: Int64, only visible: Set<String>? = nil) throws -> [String: Sums] {
        var totals: [String: Sums] = [:]
        var disbursements: [String: Amount] = [:]
        for event in events where event.globalPosition <= position {
            guard visible?.contains(event.streamID) ?? true else { continue }
            switch try FundingEventCodec.decode(EncodedEvent(type: event.type, schemaVersion: event.schemaVersion, data: event.data)) {
            case .committed(let e):
                totals[e.amount.denomination, default: Sums()].commitments += 1
                totals[e.amount.denomination, default: Sums()].committed += e.amount.units
            case .disbursementRecorded(let e):
                disbursements["\(event.streamID)/\(e.reference)"] = e.amount
                totals[e.amount.denomination, default: Sums()].disbursed += e.amount.units
            case .disbursementReversed(let e):
                let original = try #require(disbursements["\(event.streamID)/\(e.reference)"])
                totals[original.denomination, default: Sums()].disbursed -= original.units
            case .adjusted(let e):
                totals[e.delta.denomination, default: Sums()].committed += e.delta.units
            case .closed:
                Issue.record("no commitment is closed in this story")
            }
        }
        return totals
    }

    /// The response's totals in the same shape: cash in minor units (the amounts are decimal
    /// strings with the currency's two digits), in-kind quantities as they are.
    static func answeredTotals(_ response: APIResponse) throws -> [String: Sums] {
        var totals: [String: Sums] = [:]
        for total in try #require(response.json["totals"] as? [[String: Any]]) {
            func units(_ key: String) throws -> Int64 {
                let amount = try #require(total[key] as? [String: Any])
                if let quantity = amount["quantity"] as? Int { return Int64(quantity) }
                let decimal = try #require(amount["amount"] as? String)
                return try #require(Int64(decimal.replacingOccurrences(of: ".", with: "")))
            }
            let denomination = try #require((total["currency"] ?? total["unit"]) as? String)
            let sums = Sums(commitments: try #require(total["commitments"] as? Int), committed: try units("committed"), disbursed: try units("disbursed"))
            #expect(try units("remaining") == sums.remaining, "remaining of \(denomination)")
            totals[denomination] = sums
        }
        return totals
    }

    private func commitmentEvents(_ app: APITestApp) async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        for commitment in Self.commitments {
            events += try await app.store.readStream("commitment-\(commitment)", from: 1, limit: 100)
        }
        return events
    }

    @Test func asOfEachPointTheLabsFundingIsTheSumOfItsCommitmentEventsUpToThen() async throws {
        try await APITestApp.run("funding_as_of") { app in
            let admin = try await app.admin()
            try await app.waitForReadModels(try await fundTheLab(app, admin))
            let events = try await commitmentEvents(app)
            #expect(events.count == 7)
            let head = try await app.store.headPosition()
            let current = try await app.get(fundingPath, key: admin)
            #expect(current.status == .ok)
            let asOfHead = try await app.get("\(fundingPath)?asOf=position:\(head)", key: admin)
            #expect(asOfHead.status == .ok)
            let currentJSON = try #require(current.sortedJSON)
            #expect(asOfHead.sortedJSON == currentJSON, "asOf the head is the current answer")

            // Every point just before and at each commitment event, and the first of the history.
            var points = Set([Int64(1)])
            for event in events { points.formUnion([event.globalPosition - 1, event.globalPosition]) }
            for position in points.sorted() {
                let then = try await app.get("\(fundingPath)?asOf=position:\(position)", key: admin)
                #expect(then.status == .ok)
                let expected = try Self.expectedTotals(events, upTo: position)
                #expect(try Self.answeredTotals(then) == expected, "as of position \(position)")
                let items = try #require(then.json["items"] as? [[String: Any]])
                let existing = Set(events.filter { $0.globalPosition <= position }.map(\.streamID))
                #expect(items.compactMap { $0["commitment"] as? String }.map { "commitment-\($0)" } == Self.commitments.map { "commitment-\($0)" }.filter(existing.contains))
            }
        }
    }

    @Test func asOfKeepsTheCurrentVisibilityAndPaging() async throws {
        try await APITestApp.run("funding_as_of_access") { app in
            let admin = try await app.admin()
            try await app.waitForReadModels(try await fundTheLab(app, admin))
            let events = try await commitmentEvents(app)
            let reversal = try #require(events.first { $0.type == "DisbursementReversed" }).globalPosition
            let tencent = try await app.key(.company, party: "tencent")
            let seen = try await app.get("\(fundingPath)?asOf=position:\(reversal)", key: tencent)
            #expect(seen.status == .ok)
            let tencentStreams: Set = ["commitment-tencent-gpu-2019", "commitment-\(MILab.stipends)"]
            #expect(try Self.answeredTotals(seen) == Self.expectedTotals(events, upTo: reversal, only: tencentStreams),
                    "Tencent is not a party to JD's agreement: its grant is in no total Tencent sees")

            let first = try await app.get("\(fundingPath)?asOf=position:\(reversal)&limit=2", key: admin)
            let firstItems = try #require(first.json["items"] as? [[String: Any]])
            #expect(firstItems.map { $0["commitment"] as? String } == ["jd-grant-2018", "tencent-gpu-2019"])
            let next = try #require(first.json["next"] as? String)
            let second = try await app.get("\(fundingPath)?asOf=position:\(reversal)&limit=2&after=\(next)", key: admin)
            #expect((second.json["items"] as? [[String: Any]])?.map { $0["commitment"] as? String } == [MILab.stipends])
            #expect(second.json["next"] == nil)
            #expect((second.json["totals"] as? [Any])?.count == 2, "totals cover the whole lab on every page")

            let bad = try await app.get("\(fundingPath)?asOf=yesterday&axis=both", key: admin)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.pointers) == ["#query/asOf", "#query/axis"])
            let beyond = try await app.get("\(fundingPath)?asOf=position:\(try await app.store.headPosition() + 1)", key: admin)
            #expect(beyond.status == .badRequest)
            #expect(beyond.pointers == ["#query/asOf"])
        }
    }
}
