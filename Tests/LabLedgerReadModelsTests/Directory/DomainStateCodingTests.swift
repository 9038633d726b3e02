import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

/// Documents are stored and compared byte for byte, so domain states that hold sets or
/// dictionaries keyed by ids must encode them sorted, never in hash order.
@Suite("Domain state coding")
struct DomainStateCodingTests {
    let s: LedgerSamples
    let encoder = ReadModelRows.encoder

    init() throws { s = try LedgerSamples() }

    @Test("a lab state stores its members sorted by party and its advisors sorted, and reads back equal")
    func labState() throws {
        var state = LabDecider.evolve(LabDecider.initial, try s.labFounded)
        state.members[s.jd] = .funder
        state.advisors = [try LedgerSamples.value("advisor-09"), try LedgerSamples.value("advisor-01")]
        state.status = .dissolved(on: try LedgerSamples.day("2024-01-01"))

        let json = String(decoding: try encoder.encode(state), as: UTF8.self)

        #expect(json.contains(#""advisors":["advisor-01","advisor-09"]"#))
        #expect(json.contains(#""members":[{"party":"cuhk-shenzhen","role":"university"},{"party":"jd-com","role":"funder"},{"party":"tencent","role":"industry_partner"}]"#))
        #expect(json.contains(#""dissolvedOn":"2024-01-01""#) && json.contains(#""status":"dissolved""#))
        #expect(try JSONDecoder().decode(LabState.self, from: Data(json.utf8)) == state)
    }

    @Test("an agreement state stores its signatures sorted by party, and reads back equal")
    func agreementState() throws {
        let state = AgreementDecider.fold([try s.agreementDrafted(), try s.signed(s.tencent, on: "2018-06-12"), try s.signed(s.cuhksz, on: "2018-06-11")])

        let json = String(decoding: try encoder.encode(state), as: UTF8.self)

        #expect(json.contains(#""signatures":[{"party":"cuhk-shenzhen","signedOn":"2018-06-11"},{"party":"tencent","signedOn":"2018-06-12"}]"#))
        #expect(json.contains(#""status":"executed""#))
        #expect(try JSONDecoder().decode(AgreementState.self, from: Data(json.utf8)) == state)
    }

    @Test("an output state stores the reviewers who cleared sorted, and reads back equal")
    func outputState() throws {
        let state = OutputDecider.fold([
            try s.outputRegistered(), try s.reviewRequested("2019-04-01", endsOn: "2019-05-01", reviewers: [s.tencent, s.jd, s.hkstp]),
            try s.reviewCleared(by: s.tencent, "2019-04-02"), try s.reviewCleared(by: s.hkstp, "2019-04-03"),
        ])

        let json = String(decoding: try encoder.encode(state), as: UTF8.self)

        #expect(json.contains(#""clearedBy":["hkstp","tencent"]"#))
        #expect(json.contains(#""validation":"draft""#))
        #expect(try JSONDecoder().decode(OutputState.self, from: Data(json.utf8)) == state)
    }
}
