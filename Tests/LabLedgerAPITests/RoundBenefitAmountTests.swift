import Foundation
import Testing

/// A round benefit's worth is the same flat `Amount` as funding's, sent and answered; the nested
/// shape earlier clients send (the demo among them) is still accepted and means the same.
@Suite struct RoundBenefitAmountTests {
    let round = "/v1/rounds/hkai-2018-r1"

    static func benefit(_ reference: String, kind: String, quantity: String, commitment: String? = nil) -> String {
        let named = commitment.map { #", "commitment": "\#($0)""# } ?? ""
        return #"{"startup": "deepvision-hk", "kind": "\#(kind)", "quantity": \#(quantity), "provider": "alibaba"\#(named), "reference": "\#(reference)", "grantedOn": "2018-11-01"}"#
    }

    @Test func aBenefitGrantedAsAFlatAmountIsReadBackAsTheSameFlatAmount() async throws {
        try await APITestApp.run("round_amount_flat") { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            try await app.roundWithAdmittedStartup(admin)
            let cash = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "FLAT-CASH", kind: "cash", quantity: #"{"currency": "HKD", "amount": "1250.50"}"#, commitment: RoundStory.cash))
            #expect(cash.status == .ok, "\(cash.text)")
            let gpu = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "FLAT-GPU", kind: "cloud_credits", quantity: #"{"unit": "gpu_hours", "quantity": 700}"#))
            #expect(gpu.status == .ok, "\(gpu.text)")
            let read = try await app.get(round, key: admin, headers: [.init("LabLedger-Position")!: try #require(gpu.position)])
            let benefits = try #require(read.json["benefits"] as? [[String: Any]])
            func quantity(_ reference: String) -> NSDictionary? {
                (benefits.first { $0["reference"] as? String == reference }?["quantity"] as? [String: Any]).map { $0 as NSDictionary }
            }
            #expect(quantity("FLAT-CASH") == ["currency": "HKD", "amount": "1250.50"] as NSDictionary)
            #expect(quantity("FLAT-GPU") == ["unit": "gpu_hours", "quantity": 700] as NSDictionary)
        }
    }

    @Test func theDeprecatedNestedShapeRecordsTheSameEventAsTheFlatOneAndReadsBackFlat() async throws {
        try await APITestApp.run("round_amount_nested") { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            try await app.roundWithAdmittedStartup(admin)
            let nested = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "SAME", kind: "office_space", quantity: #"{"inKind": {"unit": "square_metres", "quantity": 45}}"#))
            #expect(nested.status == .ok, "\(nested.text)")
            let flat = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "SAME-FLAT", kind: "office_space", quantity: #"{"unit": "square_metres", "quantity": 45}"#))
            #expect(flat.status == .ok, "\(flat.text)")
            let nestedCash = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "SAME-CASH", kind: "cash", quantity: #"{"cash": {"currency": "HKD", "amount": "10.00"}}"#, commitment: RoundStory.cash))
            #expect(nestedCash.status == .ok, "\(nestedCash.text)")
            let granted = try await app.storyEvents("round-hkai-2018-r1").filter { $0.type == "BenefitGranted" }
            let stored = granted.map { ($0.data["quantity"] as? [String: Any]).map { $0 as NSDictionary } }
            #expect(stored == [
                ["kind": "in_kind", "unit": "square_metres", "quantity": 45] as NSDictionary,
                ["kind": "in_kind", "unit": "square_metres", "quantity": 45] as NSDictionary,
                ["kind": "cash", "currency": "HKD", "minorUnits": 1000] as NSDictionary,
            ])
            let read = try await app.get(round, key: admin, headers: [.init("LabLedger-Position")!: try #require(nestedCash.position)])
            let benefits = try #require(read.json["benefits"] as? [[String: Any]])
            let shown = Dictionary(uniqueKeysWithValues: benefits.compactMap { benefit in
                (benefit["reference"] as? String).map { ($0, (benefit["quantity"] as? [String: Any]).map { $0 as NSDictionary }) }
            })
            #expect(shown["SAME"] == ["unit": "square_metres", "quantity": 45] as NSDictionary)
            #expect(shown["SAME"] == shown["SAME-FLAT"])
            #expect(shown["SAME-CASH"] == ["currency": "HKD", "amount": "10.00"] as NSDictionary)
        }
    }

    @Test func aQuantityWithBothPairsNeitherOrHalfAPairIsA400NamingTheFieldsAndWritesNothing() async throws {
        try await APITestApp.run("round_amount_invalid", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            try await app.roundWithAdmittedStartup(admin)
            let before = try await app.storyEvents("round-hkai-2018-r1").count
            let both = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "BOTH", kind: "cloud_credits", quantity: #"{"currency": "HKD", "amount": "1.00", "unit": "gpu_hours", "quantity": 5}"#))
            #expect(both.status == .badRequest)
            #expect(both.pointers == ["/quantity"], "\(both.text)")
            let bothDetail = try #require((both.json["errors"] as? [[String: Any]])?.first?["detail"] as? String)
            #expect(["currency", "amount", "unit", "quantity"].allSatisfy(bothDetail.contains), "\(bothDetail)")
            let neither = try await app.post("\(round)/benefits", key: admin, json: Self.benefit("NEITHER", kind: "cloud_credits", quantity: "{}"))
            #expect(neither.status == .badRequest)
            #expect(neither.pointers == ["/quantity"], "\(neither.text)")
            let neitherDetail = try #require((neither.json["errors"] as? [[String: Any]])?.first?["detail"] as? String)
            #expect(["currency", "amount", "unit", "quantity"].allSatisfy(neitherDetail.contains), "\(neitherDetail)")
            let half = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "HALF", kind: "cloud_credits", quantity: #"{"unit": "gpu_hours"}"#))
            #expect(half.status == .badRequest)
            #expect(half.pointers == ["/quantity/quantity"], "\(half.text)")
            let nestedBoth = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "NESTED-BOTH", kind: "cash", quantity: #"{"cash": {"currency": "HKD", "amount": "1"}, "inKind": {"unit": "gpu_hours", "quantity": 5}}"#))
            #expect(nestedBoth.status == .badRequest)
            #expect(nestedBoth.pointers == ["/quantity"], "\(nestedBoth.text)")
            #expect(try await app.storyEvents("round-hkai-2018-r1").count == before)
        }
    }

    @Test func aFlatAmountWithABadUnitOrAWrongTypedQuantityNamesTheFieldAsFundingDoes() async throws {
        try await APITestApp.run("round_amount_fields", workers: false) { app in
            let admin = try await app.admin()
            try await app.roundStory(admin)
            try await app.roundWithAdmittedStartup(admin)
            let before = try await app.storyEvents("round-hkai-2018-r1").count
            let unit = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "BAD-UNIT", kind: "cloud_credits", quantity: #"{"unit": "gpu_hourz", "quantity": 5}"#))
            #expect(unit.status == .badRequest)
            #expect(unit.pointers == ["/quantity/unit"], "\(unit.text)")
            let unitError = (unit.json["errors"] as? [[String: Any]])?.first
            #expect(unitError?["code"] as? String == "invalid-enum", "\(unit.text)")
            let unitDetail = try #require(unitError?["detail"] as? String)
            #expect(["gpu_hours", "cpu_core_hours", "square_metres", "platform_seat_months"].allSatisfy(unitDetail.contains), "\(unitDetail)")
            let typed = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "BAD-TYPE", kind: "cloud_credits", quantity: #"{"unit": "gpu_hours", "quantity": "5"}"#))
            #expect(typed.status == .badRequest)
            #expect(typed.pointers == ["/quantity/quantity"], "\(typed.text)")
            #expect((typed.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "wrong-type", "\(typed.text)")
            let nested = try await app.post("\(round)/benefits", key: admin, json: Self.benefit(
                "BAD-NESTED", kind: "cloud_credits", quantity: #"{"inKind": {"unit": "gpu_hourz", "quantity": 5}}"#))
            #expect(nested.status == .badRequest)
            #expect(nested.pointers == ["/quantity/inKind/unit"], "\(nested.text)")
            #expect(try await app.storyEvents("round-hkai-2018-r1").count == before)
        }
    }
}
