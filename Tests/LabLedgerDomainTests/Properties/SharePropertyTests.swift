import PropertyBased
import Testing
@testable import LabLedgerDomain

@Suite("Share sum properties")
struct SharePropertyTests {
    /// Cut points in 0...10000 split the whole into shares that always sum to exactly 10000.
    static func split(_ cuts: [Int]) throws -> [BasisPoints] {
        let points = [0] + cuts.sorted() + [BasisPoints.whole]
        return try zip(points, points.dropFirst()).map { try BasisPoints($1 - $0) }
    }

    @Test("a list is whole exactly when its integers total 10000")
    func wholeIffTotal() async {
        await propertyCheck(input: Gen.int(in: 0...10_000).array(of: 0...6)) { values in
            let shares = values.compactMap { try? BasisPoints($0) }
            #expect(BasisPoints.sumsToWhole(shares) == (values.reduce(0, +) == 10_000))
        }
    }

    @Test("any split of the whole is whole, and moving one basis point breaks it")
    func splitsAreWhole() async {
        await propertyCheck(input: Gen.int(in: 0...10_000).array(of: 0...5)) { cuts in
            guard let shares = try? Self.split(cuts) else {
                Issue.record("a split of \(cuts) produced an invalid share")
                return
            }
            #expect(BasisPoints.sumsToWhole(shares))
            if let first = shares.first, let bumped = try? BasisPoints(first.rawValue == 0 ? 1 : first.rawValue - 1) {
                #expect(!BasisPoints.sumsToWhole([bumped] + shares.dropFirst()))
            }
        }
    }

    @Test("an agreement accepts cost shares exactly when they total 100%")
    func agreementCostShares() async throws {
        let s = try Samples()
        await propertyCheck(input: Gen.int(in: 0...10_000), Gen.int(in: 0...10_000)) { tencent, cuhksz in
            guard let shares = try? s.costShares(tencent, cuhksz) else { return }
            let draft = DraftAgreement(
                agreement: s.agreement, lab: s.lab, kind: .jointLabAgreement, title: "Joint lab", parties: s.agreementParties,
                costShares: shares, ipTerms: s.ipTerms, term: s.term, draftedOn: s.foundedOn,
                facts: AgreementDraftingFacts(lab: s.activeLab, parties: s.known))
            let code = refusal(AgreementDecider.self, when: .draft(draft))
            #expect(code == (tencent + cuhksz == 10_000 ? nil : "agreement.cost-shares-must-total-100-percent"))
        }
    }
}
