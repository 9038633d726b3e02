import Testing
@testable import LabLedgerDomain

@Suite("Patent numbers and CRediT roles")
struct PatentAndCreditTests {
    @Test("a publication number splits into office, number and kind code")
    func publicationNumbers() throws {
        let number = try PatentNumber(parsing: "CN117928705A")
        #expect(number.office.rawValue == "CN")
        #expect(number.number == "117928705")
        #expect(number.kindCode == "A")
        #expect(try PatentNumber(parsing: "us 10,000,000 b2").rawValue == "US10000000B2")
        #expect(try PatentNumber(parsing: "EP3456789A1").kindCode == "A1")
        #expect(try PatentNumber(parsing: "WO2019123456A1").office.rawValue == "WO")
    }

    @Test("a publication number needs a known office and a kind code")
    func badPublicationNumbers() {
        #expect(valueErrorCode { try PatentNumber(parsing: "CN117928705") } == "patent-number.missing-kind-code")
        #expect(valueErrorCode { try PatentNumber(parsing: "ZZ117928705A") } == "patent-number.unknown-office")
        #expect(valueErrorCode { try PatentNumber(parsing: "CN117928705AB") } == "patent-number.invalid-kind-code")
        #expect(valueErrorCode { try PatentNumber(parsing: "CN12A") } == "patent-number.invalid-format")
    }

    @Test("an application number has no kind code and may carry a check character")
    func applicationNumbers() throws {
        let chinese = try PatentApplicationNumber(parsing: "CN202311234567.8")
        #expect(chinese.serial == "202311234567")
        #expect(chinese.checkCharacter == "8")
        #expect(chinese.rawValue == "CN202311234567.8")
        #expect(try PatentApplicationNumber(parsing: "US16/123,456").rawValue == "US16123456")
        #expect(try PatentApplicationNumber(parsing: "CN201810123456.X").checkCharacter == "X")
        #expect(valueErrorCode { try PatentApplicationNumber(parsing: "CN117928705A") } == "patent-application-number.has-kind-code")
        #expect(valueErrorCode { try PatentApplicationNumber(parsing: "CN123") } == "patent-application-number.invalid-format")
        #expect(valueErrorCode { try PatentApplicationNumber(parsing: "QQ20231123456") } == "patent-application-number.unknown-office")
    }

    @Test("there are exactly 14 CRediT roles with their official slugs")
    func creditRoles() throws {
        #expect(CreditRole.allCases.count == 14)
        #expect(CreditRole.writingReviewEditing.rawValue == "writing-review-editing")
        #expect(CreditRole.writingReviewEditing.snakeName == "writing_review_editing")
        #expect(CreditRole.dataCuration.uri == "https://credit.niso.org/contributor-roles/data-curation/")
        #expect(try CreditRole(parsing: "Writing – review & editing") == .writingReviewEditing)
        #expect(try CreditRole(parsing: "formal_analysis") == .formalAnalysis)
        #expect(valueErrorCode { try CreditRole(parsing: "leadership") } == "credit-role.unknown")
    }
}
