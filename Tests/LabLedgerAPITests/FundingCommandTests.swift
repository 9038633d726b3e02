import Foundation
import Testing

@Suite struct FundingCommandTests {
    let commitPath = "/v1/agreements/\(MILab.agreement)/commitments"
    let commitmentPath = "/v1/commitments/\(MILab.stipends)"

    @Test func theFundersCompanyKeyCommitsFunding() async throws {
        try await APITestApp.run("funding_commit", workers: false) { app in
            let admin = try await app.admin()
            try await app.executeMIAgreement(admin)
            let response = try await app.post(commitPath, key: try await app.key(.company, party: "tencent"), json: MILab.commitment())
            #expect(response.status == .created)
            #expect(response.etag == "\"1\"")
            #expect(response.headers[.location] == commitmentPath)
            #expect(response.json["stream"] as? String == "commitment-\(MILab.stipends)")
            #expect(MILab.events(response) == ["FundingCommitted"])
            let gpu = try await app.post(
                commitPath, key: admin,
                json: MILab.commitment("tencent-gpu-2019", purpose: "compute_credits", amount: #"{"unit": "gpu_hours", "quantity": 50000}"#))
            #expect(gpu.status == .created)
        }
    }

    @Test func commitListsEveryInvalidField() async throws {
        try await APITestApp.run("funding_commit_invalid", workers: false) { app in
            let admin = try await app.admin()
            let response = try await app.post(
                "/v1/agreements/Bad%20Id/commitments", key: admin,
                json: MILab.commitment("Bad Id", funder: "Tencent", amount: #"{"currency": "CNY", "amount": "12.345"}"#, period: #"{"from": "2018-09-01", "to": "2018-01-01"}"#))
            #expect(response.status == .badRequest)
            #expect(Set(response.pointers) == ["#path/agreementId", "/commitment", "/funder", "/amount/amount", "/period"])
            let mixed = try await app.post(
                commitPath, key: admin, json: MILab.commitment(amount: #"{"currency": "CNY", "amount": "1.00", "unit": "gpu_hours", "quantity": 5}"#))
            #expect(mixed.pointers == ["/amount"])
            let half = try await app.post(commitPath, key: admin, json: MILab.commitment(amount: #"{"currency": "XYZ"}"#))
            #expect(Set(half.pointers) == ["/amount/amount", "/amount/currency"])
            let empty = try await app.post(commitPath, key: admin, json: MILab.commitment(amount: "{}"))
            #expect(empty.pointers == ["/amount"])
        }
    }

    @Test func commitRefusalsCarryTheRuleCode() async throws {
        try await APITestApp.run("funding_commit_refused", workers: false) { app in
            let admin = try await app.admin()
            try await app.draftMIAgreement(admin)
            let unsigned = try await app.post(commitPath, key: admin, json: MILab.commitment())
            #expect(unsigned.code == "funding.agreement-not-executed")
            let signatures = "/v1/agreements/\(MILab.agreement)/signatures"
            try MILab.check(await app.post(signatures, key: admin, json: MILab.signature(party: "cuhk-shenzhen")), .ok)
            try MILab.check(await app.post(signatures, key: admin, json: MILab.signature(party: "tencent")), .ok)
            let outsider = try await app.post(commitPath, key: admin, json: MILab.commitment(funder: "jd"))
            #expect(outsider.code == "funding.funder-not-a-party")
            let office = try await app.post(commitPath, key: admin, json: MILab.commitment(purpose: "office_space"))
            #expect(office.code == "funding.purpose-needs-in-kind")
            let zero = try await app.post(commitPath, key: admin, json: MILab.commitment(amount: #"{"currency": "CNY", "amount": "0"}"#))
            #expect(zero.code == "funding.zero-amount")
            let late = try await app.post(commitPath, key: admin, json: MILab.commitment(period: #"{"from": "2022-01-01", "to": "2024-01-01"}"#))
            #expect(late.code == "funding.period-outside-agreement-term")
            try MILab.check(await app.post(commitPath, key: admin, json: MILab.commitment()), .created)
            let again = try await app.post(commitPath, key: admin, json: MILab.commitment())
            #expect(again.code == "funding.already-committed")
        }
    }

    @Test func onlyTheFundersOwnCompanyKeyCommits() async throws {
        try await APITestApp.run("funding_commit_forbidden", workers: false) { app in
            let admin = try await app.admin()
            try await app.executeMIAgreement(admin)
            let asOther = try await app.post(
                commitPath, key: try await app.key(.company, party: "tencent"), json: MILab.commitment(funder: "cuhk-shenzhen"))
            #expect(asOther.status == .forbidden)
            let university = try await app.post(commitPath, key: try await app.key(.university, party: "cuhk-shenzhen"), json: MILab.commitment(funder: "cuhk-shenzhen"))
            #expect(university.status == .forbidden)
            let auditor = try await app.post(commitPath, key: try await app.key(.auditor), json: MILab.commitment())
            #expect(auditor.status == .forbidden)
            let outsider = try await app.post(commitPath, key: try await app.key(.company, party: "jd"), json: MILab.commitment(funder: "jd"))
            #expect(outsider.status == .notFound)
            let missing = try await app.post("/v1/agreements/none-such/commitments", key: admin, json: MILab.commitment())
            #expect(missing.status == .notFound)
        }
    }

    @Test func theFunderRecordsDisbursementsWithinTheCommitment() async throws {
        try await APITestApp.run("funding_disburse", workers: false) { app in
            let admin = try await app.admin()
            try await app.commitMIStipends(admin)
            let path = "\(commitmentPath)/disbursements"
            let tencent = try await app.key(.company, party: "tencent")
            let paid = try await app.post(path, key: tencent, json: MILab.disbursement("TC-2018-09-001"), headers: MILab.ifMatch(1))
            #expect(paid.status == .ok)
            #expect(paid.etag == "\"2\"")
            #expect(MILab.events(paid) == ["DisbursementRecorded"])
            let duplicate = try await app.post(path, key: tencent, json: MILab.disbursement("TC-2018-09-001"))
            #expect(duplicate.code == "funding.duplicate-disbursement-reference")
            let tooMuch = try await app.post(path, key: tencent, json: MILab.disbursement("TC-2", amount: #"{"currency": "CNY", "amount": "2250000.01"}"#))
            #expect(tooMuch.code == "funding.disbursement-exceeds-commitment")
            let dollars = try await app.post(path, key: tencent, json: MILab.disbursement("TC-3", amount: #"{"currency": "HKD", "amount": "10.00"}"#))
            #expect(dollars.code == "funding.currency-mismatch")
            let hours = try await app.post(path, key: tencent, json: MILab.disbursement("TC-4", amount: #"{"unit": "gpu_hours", "quantity": 10}"#))
            #expect(hours.code == "funding.cash-and-in-kind-mixed")
            let outside = try await app.post(path, key: tencent, json: MILab.disbursement("TC-5", on: "2023-01-01"))
            #expect(outside.code == "funding.value-date-outside-period")
            let stale = try await app.post(path, key: tencent, json: MILab.disbursement("TC-6"), headers: MILab.ifMatch(1))
            #expect(stale.status == .preconditionFailed)
            let invalid = try await app.post(path, key: tencent, json: #"{"amount": {"currency": "cny", "amount": "1,00"}, "valueDate": "2018-9-1", "reference": "TC-7"}"#)
            // The amount's form is judged without a currency too: "1,00" is not a decimal string.
            #expect(Set(invalid.pointers) == ["/amount/amount", "/amount/currency", "/valueDate"])
        }
    }

    @Test func onlyTheFundersCompanyKeyActsOnACommitment() async throws {
        try await APITestApp.run("funding_funder_only", workers: false) { app in
            let admin = try await app.admin()
            try await app.executeMIAgreement(admin)
            // CUHK-Shenzhen funds office space in kind: Tencent is a party to the agreement but not its funder.
            let office = "/v1/commitments/cuhksz-office-2018"
            try MILab.check(
                await app.post(
                    "/v1/agreements/\(MILab.agreement)/commitments", key: admin,
                    json: MILab.commitment("cuhksz-office-2018", funder: "cuhk-shenzhen", purpose: "office_space", amount: #"{"unit": "square_metres", "quantity": 400}"#)),
                .created)
            let space = MILab.disbursement("ROOM-501", amount: #"{"unit": "square_metres", "quantity": 100}"#)
            let tencent = try await app.post("\(office)/disbursements", key: try await app.key(.company, party: "tencent"), json: space)
            #expect(tencent.status == .forbidden)
            let jd = try await app.post("\(office)/disbursements", key: try await app.key(.company, party: "jd"), json: space)
            #expect(jd.status == .notFound)
            let university = try await app.post("\(office)/disbursements", key: try await app.key(.university, party: "cuhk-shenzhen"), json: space)
            #expect(university.status == .forbidden)
            let closeByOther = try await app.post(
                "\(office)/closure", key: try await app.key(.company, party: "tencent"), json: #"{"closedOn": "2019-01-01", "reason": "Moved."}"#)
            #expect(closeByOther.status == .forbidden)
            let missing = try await app.post("/v1/commitments/none-such/disbursements", key: admin, json: space)
            #expect(missing.status == .notFound)
            let byOperator = try await app.post("\(office)/disbursements", key: try await app.key(.operator), json: space)
            #expect(byOperator.status == .ok)
        }
    }

    @Test func aReversalNamesTheDisbursementItUndoes() async throws {
        try await APITestApp.run("funding_reverse", workers: false) { app in
            let admin = try await app.admin()
            try await app.commitMIStipends(admin)
            let tencent = try await app.key(.company, party: "tencent")
            try MILab.check(await app.post("\(commitmentPath)/disbursements", key: tencent, json: MILab.disbursement("TC-2018-09-001")), .ok)
            let path = "\(commitmentPath)/reversals"
            let body = #"{"reference": "TC-2018-09-001", "reason": "Paid twice by the bank; refunded.", "reversedOn": "2018-09-20"}"#
            let unknown = try await app.post(path, key: tencent, json: #"{"reference": "TC-0", "reason": "Typo.", "reversedOn": "2018-09-20"}"#)
            #expect(unknown.code == "funding.unknown-disbursement")
            let early = try await app.post(path, key: tencent, json: body.replacingOccurrences(of: "2018-09-20", with: "2018-09-01"))
            #expect(early.code == "funding.reversal-before-disbursement")
            let invalid = try await app.post(path, key: tencent, json: #"{"reference": "TC-2018-09-001", "reason": "x", "reversedOn": "yesterday"}"#)
            #expect(invalid.pointers == ["/reversedOn"])
            let university = try await app.post(path, key: try await app.key(.university, party: "cuhk-shenzhen"), json: body)
            #expect(university.status == .forbidden)
            let stale = try await app.post(path, key: tencent, json: body, headers: MILab.ifMatch(1))
            #expect(stale.status == .preconditionFailed)
            let reversed = try await app.post(path, key: tencent, json: body, headers: MILab.ifMatch(2))
            #expect(reversed.status == .ok)
            #expect(reversed.etag == "\"3\"")
            #expect(MILab.events(reversed) == ["DisbursementReversed"])
            let again = try await app.post(path, key: tencent, json: body)
            #expect(again.code == "funding.disbursement-already-reversed")
        }
    }

    @Test func adjustmentsFollowAnAmendmentAndNeverGoBelowDisbursed() async throws {
        try await APITestApp.run("funding_adjust", workers: false) { app in
            let admin = try await app.admin()
            try await app.commitMIStipends(admin)
            try MILab.check(
                await app.post("\(commitmentPath)/disbursements", key: admin, json: MILab.disbursement("TC-2018-09-001")), .ok)
            let path = "\(commitmentPath)/adjustments"
            let raise = #"{"delta": {"currency": "CNY", "amount": "500000.00"}, "amendment": 1}"#
            let noAmendment = try await app.post(path, key: admin, json: raise)
            #expect(noAmendment.code == "funding.unknown-amendment")
            try MILab.check(
                await app.post(
                    "/v1/agreements/\(MILab.agreement)/amendments", key: admin,
                    json: #"{"number": 1, "summary": "Stipend budget raised.", "costShares": [{"party": "tencent", "basisPoints": 9000}, {"party": "cuhk-shenzhen", "basisPoints": 1000}], "effectiveFrom": "2019-01-01"}"#),
                .ok)
            let company = try await app.post(path, key: try await app.key(.company, party: "tencent"), json: raise)
            #expect(company.status == .forbidden)
            let invalid = try await app.post(path, key: admin, json: #"{"delta": {"unit": "gpu_hours"}, "amendment": 1}"#)
            #expect(invalid.pointers == ["/delta/quantity"])
            let below = try await app.post(path, key: admin, json: #"{"delta": {"currency": "CNY", "amount": "-2500000.00"}, "amendment": 1}"#)
            #expect(below.code == "funding.adjustment-below-disbursed")
            let stale = try await app.post(path, key: admin, json: raise, headers: MILab.ifMatch(1))
            #expect(stale.status == .preconditionFailed)
            let adjusted = try await app.post(path, key: admin, json: raise, headers: MILab.ifMatch(2))
            #expect(adjusted.status == .ok)
            #expect(adjusted.etag == "\"3\"")
            #expect(MILab.events(adjusted) == ["CommitmentAdjusted"])
        }
    }

    @Test func aClosedCommitmentTakesNoMoreDisbursements() async throws {
        try await APITestApp.run("funding_close", workers: false) { app in
            let admin = try await app.admin()
            try await app.commitMIStipends(admin)
            let tencent = try await app.key(.company, party: "tencent")
            let path = "\(commitmentPath)/closure"
            let body = #"{"closedOn": "2022-09-01", "reason": "All four studentships completed."}"#
            let invalid = try await app.post(path, key: tencent, json: #"{"closedOn": "2022-09", "reason": "Done."}"#)
            #expect(invalid.pointers == ["/closedOn"])
            let early = try await app.post(path, key: tencent, json: #"{"closedOn": "2018-01-01", "reason": "Done."}"#)
            #expect(early.code == "funding.closed-before-period")
            let university = try await app.post(path, key: try await app.key(.university, party: "cuhk-shenzhen"), json: body)
            #expect(university.status == .forbidden)
            let stale = try await app.post(path, key: tencent, json: body, headers: MILab.ifMatch(2))
            #expect(stale.status == .preconditionFailed)
            let closed = try await app.post(path, key: tencent, json: body)
            #expect(closed.status == .ok)
            #expect(closed.etag == "\"2\"")
            #expect(MILab.events(closed) == ["CommitmentClosed"])
            let after = try await app.post("\(commitmentPath)/disbursements", key: tencent, json: MILab.disbursement("TC-late"))
            #expect(after.code == "funding.commitment-closed")
        }
    }
}
