import PropertyBased
import Testing
@testable import LabLedgerDomain

@Suite("Money arithmetic properties")
struct MoneyPropertyTests {
    let hkd: CurrencyCode
    let usd: CurrencyCode
    init() throws {
        hkd = try currency("HKD")
        usd = try currency("USD")
    }

    @Test("adding then subtracting the same amount gives the original back")
    func addSubtractInverse() async {
        let bound: Int64 = 1 << 61
        await propertyCheck(input: Gen.int64(in: -bound...bound), Gen.int64(in: -bound...bound)) { a, b in
            let x = Money(minorUnits: a, currency: hkd)
            let y = Money(minorUnits: b, currency: hkd)
            #expect((try? x.adding(y).subtracting(y)) == x)
            #expect((try? x.adding(y)) == (try? y.adding(x)))
        }
    }

    @Test("arithmetic refuses exactly the sums that overflow 64 bits")
    func overflowExactly() async {
        await propertyCheck(input: Gen.int64(), Gen.int64()) { a, b in
            let x = Money(minorUnits: a, currency: hkd)
            let y = Money(minorUnits: b, currency: hkd)
            let (sum, overflow) = a.addingReportingOverflow(b)
            do {
                let result = try x.adding(y)
                #expect(!overflow && result.minorUnits == sum)
            } catch {
                #expect(overflow && (error as? ValueError)?.code == "money.overflow")
            }
        }
    }

    @Test("different currencies never combine, whatever the amounts")
    func currenciesNeverMix() async {
        await propertyCheck(input: Gen.int64(in: -1_000_000...1_000_000), Gen.int64(in: -1_000_000...1_000_000)) { a, b in
            let x = Money(minorUnits: a, currency: hkd)
            let y = Money(minorUnits: b, currency: usd)
            #expect(throws: ValueError(code: "money.currency-mismatch", message: "Cannot combine HKD with USD; convert explicitly first.")) {
                try x.adding(y)
            }
        }
    }

    @Test("decimal text parses back to the same minor units, for every exponent")
    func decimalRoundTrip() async throws {
        let currencies = try ["HKD", "JPY", "BHD", "CLF"].map(currency)
        await propertyCheck(input: Gen.int64(in: -999_999_999_999...999_999_999_999), Gen.int(in: 0...3)) { units, index in
            let amount = Money(minorUnits: units, currency: currencies[index])
            #expect((try? Money(parsing: amount.decimalString, currency: amount.currency)) == amount)
        }
    }

    @Test("a commitment's disbursed total never exceeds what was committed")
    func disbursementsStayWithinCommitment() async throws {
        let s = try Samples()
        let history = [try s.fundingCommitted("10000")]
        let valueDate = try date("2019-01-01")
        await propertyCheck(input: Gen.int64(in: -100...6_000).array(of: 1...12)) { amounts in
            var events = history
            for (index, units) in amounts.enumerated() {
                let command = FundingCommand.recordDisbursement(RecordDisbursement(
                    amount: .cash(Money(minorUnits: units * 100, currency: s.yuan)), valueDate: valueDate, reference: "TX-\(index)"))
                if let accepted = try? FundingDecider.decide(command, FundingDecider.fold(events)) { events += accepted }
                let state = FundingDecider.fold(events)
                guard let committed = state.committed, let disbursed = state.disbursed else {
                    Issue.record("the commitment vanished")
                    return
                }
                #expect(0 <= disbursed.units && disbursed.units <= committed.units)
            }
        }
    }
}
