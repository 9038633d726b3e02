import Foundation
import Testing

@Suite struct FundingQueryTests {
    let fundingPath = "/v1/labs/\(MILab.lab)/funding"

    private static func amount(_ value: Any?) -> String? {
        guard let amount = value as? [String: Any] else { return nil }
        if let currency = amount["currency"] as? String, let text = amount["amount"] as? String { return "\(text) \(currency)" }
        if let unit = amount["unit"] as? String, let quantity = amount["quantity"] as? Int { return "\(quantity) \(unit)" }
        return nil
    }

    @Test func aLabsFundingTotalsEachCurrencyAndUnitApart() async throws {
        try await APITestApp.run("funding_lab") { app in
            let admin = try await app.admin()
            try await app.waitForReadModels(try await app.fundMILab(admin))
            let response = try await app.get(fundingPath, key: try await app.key(.auditor))
            #expect(response.status == .ok)
            let items = try #require(response.json["items"] as? [[String: Any]])
            #expect(items.map { $0["commitment"] as? String } == ["jd-grant-2018", "tencent-gpu-2019", MILab.stipends])
            let stipends = items[2]
            #expect(Self.amount(stipends["committed"]) == "3000000.00 CNY")
            #expect(Self.amount(stipends["disbursed"]) == "750000.00 CNY")
            #expect(Self.amount(stipends["remaining"]) == "2250000.00 CNY")
            #expect(stipends["status"] as? String == "open")
            #expect(stipends["version"] as? Int == 2)
            #expect(Self.amount(items[1]["remaining"]) == "38000 gpu_hours")
            let totals = try #require(response.json["totals"] as? [[String: Any]])
            #expect(totals.map { Self.amount($0["committed"]) } == ["4000000.00 CNY", "50000 gpu_hours"])
            #expect(totals.map { Self.amount($0["remaining"]) } == ["3250000.00 CNY", "38000 gpu_hours"])
            #expect(totals.map { $0["commitments"] as? Int } == [2, 1])
            #expect(totals.first?["currency"] as? String == "CNY")
            #expect(totals.last?["unit"] as? String == "gpu_hours")
            #expect(response.json["next"] == nil)
        }
    }

    @Test func theCommitmentsArePagedByCursor() async throws {
        try await APITestApp.run("funding_lab_pages") { app in
            let admin = try await app.admin()
            try await app.waitForReadModels(try await app.fundMILab(admin))
            let first = try await app.get("\(fundingPath)?limit=2", key: admin)
            let firstItems = try #require(first.json["items"] as? [[String: Any]])
            #expect(firstItems.map { $0["commitment"] as? String } == ["jd-grant-2018", "tencent-gpu-2019"])
            let next = try #require(first.json["next"] as? String)
            let second = try await app.get("\(fundingPath)?limit=2&after=\(next)", key: admin)
            #expect((second.json["items"] as? [[String: Any]])?.map { $0["commitment"] as? String } == [MILab.stipends])
            #expect(second.json["next"] == nil)
            #expect((second.json["totals"] as? [[String: Any]])?.count == 2)
            let badCursor = try await app.get("\(fundingPath)?after=nonsense", key: admin)
            #expect(badCursor.status == .badRequest)
            #expect(badCursor.pointers == ["#query/after"])
            let badLimit = try await app.get("\(fundingPath)?limit=0", key: admin)
            #expect(badLimit.status == .badRequest)
            let unknownLab = try await app.get("/v1/labs/hkai-lab/funding", key: admin)
            #expect(unknownLab.status == .notFound)
            // A page past the last commitment is empty, not a 404: the lab exists (it is asked
            // only when the page of commitments is empty).
            let pastTheEnd = Data(#"["\#(MILab.stipends)"]"#.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            let past = try await app.get("\(fundingPath)?after=\(pastTheEnd)", key: admin)
            #expect(past.status == .ok, "\(past.text)")
            #expect((past.json["items"] as? [[String: Any]])?.isEmpty == true)
            #expect((past.json["totals"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func aPartyKeySeesOnlyTheCommitmentsOfItsAgreements() async throws {
        try await APITestApp.run("funding_lab_scoped") { app in
            let admin = try await app.admin()
            try await app.waitForReadModels(try await app.fundMILab(admin))
            let tencent = try await app.get(fundingPath, key: try await app.key(.company, party: "tencent"))
            #expect((tencent.json["items"] as? [[String: Any]])?.map { $0["commitment"] as? String } == ["tencent-gpu-2019", MILab.stipends])
            #expect((tencent.json["totals"] as? [[String: Any]])?.map { Self.amount($0["committed"]) } == ["3000000.00 CNY", "50000 gpu_hours"])
            let jd = try await app.get(fundingPath, key: try await app.key(.company, party: "jd"))
            #expect((jd.json["items"] as? [[String: Any]])?.map { $0["commitment"] as? String } == ["jd-grant-2018"])
            let university = try await app.get(fundingPath, key: try await app.key(.university, party: "cuhk-shenzhen"))
            #expect((university.json["items"] as? [[String: Any]])?.count == 3)
        }
    }

    @Test func aCommitmentShowsItsDisbursementsAndAdjustments() async throws {
        try await APITestApp.run("funding_commitment") { app in
            let admin = try await app.admin()
            try await app.commitMIStipends(admin)
            let path = "/v1/commitments/\(MILab.stipends)"
            try MILab.check(await app.post("\(path)/disbursements", key: admin, json: MILab.disbursement("TC-2018-09-001")), .ok)
            try MILab.check(await app.post("\(path)/disbursements", key: admin, json: MILab.disbursement("TC-2018-10-001", on: "2018-10-15")), .ok)
            try MILab.check(
                await app.post(
                    "\(path)/reversals", key: admin,
                    json: #"{"reference": "TC-2018-10-001", "reason": "Paid twice by the bank; refunded.", "reversedOn": "2018-10-20"}"#),
                .ok)
            try MILab.check(
                await app.post(
                    "/v1/agreements/\(MILab.agreement)/amendments", key: admin,
                    json: #"{"number": 1, "summary": "Stipend budget raised.", "costShares": [{"party": "tencent", "basisPoints": 9000}, {"party": "cuhk-shenzhen", "basisPoints": 1000}], "effectiveFrom": "2019-01-01"}"#),
                .ok)
            let adjusted = try MILab.check(
                await app.post("\(path)/adjustments", key: admin, json: #"{"delta": {"currency": "CNY", "amount": "500000.00"}, "amendment": 1}"#), .ok)
            try await app.waitForReadModels(try #require(adjusted.position))
            let response = try await app.get(path, key: try await app.key(.company, party: "tencent"))
            #expect(response.status == .ok)
            #expect(response.etag == "\"5\"")
            let body = response.json
            #expect(body["lab"] as? String == MILab.lab)
            #expect(body["agreement"] as? String == MILab.agreement)
            #expect(body["purpose"] as? String == "phd_stipend")
            #expect(Self.amount(body["initiallyCommitted"]) == "3000000.00 CNY")
            #expect(Self.amount(body["committed"]) == "3500000.00 CNY")
            #expect(Self.amount(body["disbursed"]) == "750000.00 CNY")
            #expect(Self.amount(body["remaining"]) == "2750000.00 CNY")
            let disbursements = try #require(body["disbursements"] as? [[String: Any]])
            #expect(disbursements.map { $0["reference"] as? String } == ["TC-2018-09-001", "TC-2018-10-001"])
            #expect(disbursements.map { $0["reversed"] as? Bool } == [false, true])
            #expect(disbursements.last?["reversedOn"] as? String == "2018-10-20")
            let adjustments = try #require(body["adjustments"] as? [[String: Any]])
            #expect(adjustments.map { $0["amendment"] as? Int } == [1])
            #expect(adjustments.map { Self.amount($0["delta"]) } == ["500000.00 CNY"])
            let jd = try await app.get(path, key: try await app.key(.company, party: "jd"))
            #expect(jd.status == .notFound)
            let missing = try await app.get("/v1/commitments/none-such", key: admin)
            #expect(missing.status == .notFound)
        }
    }
}
