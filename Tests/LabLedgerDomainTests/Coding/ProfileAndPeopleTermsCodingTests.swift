import Foundation
import Testing
@testable import LabLedgerDomain

/// Events written before labs had profiles and agreements had people terms decode with none,
/// and encode again to the very bytes they were stored as (the event hash covers them).
@Suite("Decoding events without profiles or people terms")
struct ProfileAndPeopleTermsCodingTests {
    @Test("an old LabFounded v2 decodes without a profile and re-encodes byte for byte")
    func oldLabFounded() throws {
        let stored = #"{"foundedOn":"2018-05-21","founders":[{"party":"alibaba","role":"industry_partner"},{"party":"hkstp","role":"host"}],"lab":"hkai-lab","name":"Hong Kong AI Lab","researchAreas":["computer vision"]}"#
        let encoded = EncodedEvent(type: "LabFounded", schemaVersion: 2, data: Data(stored.utf8))
        let decoded = try LabEventCodec.decode(encoded)
        guard case .founded(let founded) = decoded else {
            Issue.record("expected LabFounded, got \(decoded)")
            return
        }
        #expect(founded.profile == nil)
        #expect(try LabEventCodec.encode(decoded) == encoded)
    }

    @Test("an old AgreementDrafted decodes without people terms and re-encodes byte for byte")
    func oldAgreementDrafted() throws {
        let stored = #"{"agreement":"tencent-cuhksz-2018","costShares":[{"basisPoints":10000,"party":"tencent"}],"draftedOn":"2018-05-20","ipTerms":{"ownership":"joint","publicationReviewDays":30,"sponsorOptionDays":90},"kind":"joint_lab_agreement","lab":"tencent-cuhksz-mi-lab","parties":[{"party":"tencent","role":"sponsor"},{"party":"cuhk-shenzhen","role":"university"}],"term":{"from":"2018-06-12","to":"2023-06-12"},"title":"Machine Intelligence Joint Lab Agreement"}"#
        let encoded = EncodedEvent(type: "AgreementDrafted", schemaVersion: 1, data: Data(stored.utf8))
        let decoded = try AgreementEventCodec.decode(encoded)
        guard case .drafted(let drafted) = decoded else {
            Issue.record("expected AgreementDrafted, got \(decoded)")
            return
        }
        #expect(drafted.peopleTerms == nil)
        #expect(try AgreementEventCodec.encode(decoded) == encoded)
    }

    @Test("a profile and people terms survive encoding")
    func newFieldsRoundTrip() throws {
        let s = try Samples()
        let profile = LabProfile(nonProfit: true, financiallyIndependent: false, operatingCostSharers: [s.tencent])
        let recorded = LabEvent.profileRecorded(LabProfileRecorded(profile: profile, recordedOn: try date("2019-01-01")))
        #expect(try LabEventCodec.decode(LabEventCodec.encode(recorded)) == recorded)
        let terms = PeopleTerms(phdFunders: [s.tencent], degreeGrantors: [s.cuhksz], recruitsPostdocs: true, postdocRecruitmentScope: "worldwide")
        let drafted = AgreementEvent.drafted(AgreementDrafted(
            agreement: s.agreement, lab: s.lab, kind: .jointLabAgreement, title: "t", parties: s.agreementParties,
            costShares: try s.costShares(10_000, 0), ipTerms: s.ipTerms, term: s.term, draftedOn: try date("2018-05-01"), peopleTerms: terms))
        #expect(try AgreementEventCodec.decode(AgreementEventCodec.encode(drafted)) == drafted)
        var state = LabDecider.fold([s.labFounded, recorded])
        let bytes = try JSONEncoder().encode(state)
        #expect(try JSONDecoder().decode(LabState.self, from: bytes) == state)
        state.profile = nil
        #expect(!String(decoding: try JSONEncoder().encode(state), as: UTF8.self).contains("profile"))
    }
}
