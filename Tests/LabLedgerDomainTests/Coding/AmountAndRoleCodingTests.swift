import Foundation
import Testing
@testable import LabLedgerDomain

/// One amount shape and one role vocabulary changed no stored bytes: events written before
/// (`BenefitGranted` since the first round; `MemberAdmitted`, `LabFounded` with the old
/// `LabRole`; `AgreementDrafted` with the old `AgreementRole`) decode as they are, to the values
/// they meant, and encode back to the very bytes the hash chain covers.
@Suite("Amounts and roles in stored events")
struct AmountAndRoleCodingTests {
    /// Exactly as the first round build wrote them (v1, no description).
    static let cashBenefit = #"{"commitment":"aef-startup-grants-2018","grantedOn":"2018-10-10","kind":"cash","provider":"alibaba-entrepreneurs-fund","quantity":{"currency":"HKD","kind":"cash","minorUnits":50000000},"reference":"AEF-2018-1-01","startup":"startup-1"}"#
    static let officeBenefit = #"{"grantedOn":"2018-10-10","kind":"office_space","provider":"hkstp","quantity":{"kind":"in_kind","quantity":40,"unit":"square_metres"},"reference":"HKSTP-2018-1-01","startup":"startup-1"}"#

    func decodeRound(_ json: String) throws -> BenefitGranted {
        guard case .benefitGranted(let granted) = try RoundEventCodec.decode(EncodedEvent(type: "BenefitGranted", schemaVersion: 1, data: Data(json.utf8))) else {
            throw CodingTestError("not a BenefitGranted")
        }
        return granted
    }

    @Test("an old cash benefit decodes to a cash Amount and re-encodes byte for byte")
    func oldCashBenefit() throws {
        let granted = try decodeRound(Self.cashBenefit)
        #expect(granted.quantity == .cash(try money("500000.00", "HKD")))
        #expect(granted.commitment == (try parsed("aef-startup-grants-2018")))
        #expect(granted.description == nil)
        let again = try RoundEventCodec.encode(.benefitGranted(granted))
        #expect(String(decoding: again.data, as: UTF8.self) == Self.cashBenefit)
        #expect(again.schemaVersion == 1)
    }

    @Test("an old in-kind benefit decodes to an in-kind Amount and re-encodes byte for byte")
    func oldInKindBenefit() throws {
        let granted = try decodeRound(Self.officeBenefit)
        #expect(granted.quantity == .inKind(InKindQuantity(40, .squareMetres)))
        #expect(granted.commitment == nil)
        #expect(String(decoding: try RoundEventCodec.encode(.benefitGranted(granted)).data, as: UTF8.self) == Self.officeBenefit)
    }

    @Test("a benefit's Amount is stored exactly as a funding commitment's")
    func benefitAndFundingShareTheStoredShape() throws {
        let amount = Amount.inKind(InKindQuantity(40, .squareMetres))
        let benefit = try JSONSerialization.jsonObject(with: Data(Self.officeBenefit.utf8)) as? [String: Any]
        let stored = try #require(benefit?["quantity"] as? [String: Any])
        let encoded = try JSONSerialization.jsonObject(with: EventJSON.encoder().encode(amount)) as? [String: Any]
        #expect((stored as NSDictionary) == (try #require(encoded) as NSDictionary))
    }

    @Test("old lab and agreement roles decode to the one PartyRole and re-encode unchanged")
    func oldRoles() throws {
        let admitted = #"{"admittedOn":"2019-01-01","party":"jd-com","role":"industry_partner"}"#
        guard case .memberAdmitted(let member) = try LabEventCodec.decode(EncodedEvent(type: "MemberAdmitted", schemaVersion: 1, data: Data(admitted.utf8)))
        else { throw CodingTestError("not a MemberAdmitted") }
        #expect(member.role == .industryPartner)
        #expect(String(decoding: try LabEventCodec.encode(.memberAdmitted(member)).data, as: UTF8.self) == admitted)

        let foundedV1 = #"{"foundedOn":"2018-05-21","founders":[{"party":"hkstp","role":"host"},{"party":"cuhk","role":"university"},{"party":"aef","role":"funder"}],"lab":"hkai-lab","name":"Hong Kong AI Lab"}"#
        guard case .founded(let founded) = try LabEventCodec.decode(EncodedEvent(type: "LabFounded", schemaVersion: 1, data: Data(foundedV1.utf8)))
        else { throw CodingTestError("not a LabFounded") }
        #expect(founded.founders.map(\.role) == [.host, .university, .funder])

        let party = #"{"party":"sensetime","role":"operator"}"#
        let decoded = try EventJSON.decoder().decode(AgreementParty.self, from: Data(party.utf8))
        #expect(decoded.role == .operator)
        #expect(try jsonString(decoded) == party)
    }
}

struct CodingTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
