import Testing
@testable import LabLedgerDomain

@Suite("ROR, ORCID and DOI")
struct ResearchIdentifierTests {
    @Test("real ROR ids pass the mod 97-10 checksum", arguments: [
        "https://ror.org/02zhqgq86",  // The University of Hong Kong
        "https://ror.org/00t33hh48",  // The Chinese University of Hong Kong
        "https://ror.org/03v76x132",  // Yale University
        "05qwgg493",  // Boston University, bare id
    ])
    func realRORs(text: String) throws {
        let ror = try ROR(parsing: text)
        #expect(ror.rawValue.hasPrefix("https://ror.org/0"))
        #expect(ror.id.count == 9)
    }

    @Test("a ROR id with a wrong checksum, a forbidden letter or a wrong shape is refused")
    func badRORs() {
        #expect(valueErrorCode { try ROR(parsing: "https://ror.org/02zhqgq87") } == "ror.invalid-checksum")
        #expect(valueErrorCode { try ROR(parsing: "https://ror.org/02zhqgu86") } == "ror.invalid-format")  // 'u' is not Crockford
        #expect(valueErrorCode { try ROR(parsing: "https://ror.org/12zhqgq86") } == "ror.invalid-format")
        #expect(valueErrorCode { try ROR(parsing: "https://ror.org/02zhqgq8") } == "ror.invalid-length")
    }

    @Test("a ROR id is kept as the lower-case https URL")
    func rorCanonical() throws {
        #expect(try ROR(parsing: "HTTP://ROR.ORG/02ZHQGQ86").rawValue == "https://ror.org/02zhqgq86")
    }

    @Test("valid ORCID iDs pass MOD 11-2, including an X check digit", arguments: [
        "0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X", "https://orcid.org/0000-0002-1825-0097", "000000021825009 7".replacingOccurrences(of: " ", with: ""),
    ])
    func validORCIDs(text: String) throws {
        let orcid = try ORCID(parsing: text)
        #expect(orcid.rawValue.count == 19)
    }

    @Test("an ORCID iD with a wrong check digit or shape is refused")
    func badORCIDs() throws {
        #expect(valueErrorCode { try ORCID(parsing: "0000-0002-1825-0098") } == "orcid.invalid-check-digit")
        #expect(valueErrorCode { try ORCID(parsing: "0000-0002-1694-2339") } == "orcid.invalid-check-digit")
        #expect(valueErrorCode { try ORCID(parsing: "0000-0002-1825-009") } == "orcid.invalid-length")
        #expect(valueErrorCode { try ORCID(parsing: "0000-000A-1825-0097") } == "orcid.invalid-format")
        #expect(try ORCID(parsing: "0000-0002-1694-233x").rawValue == "0000-0002-1694-233X")
    }

    @Test("a DOI is normalised from doi: and resolver URLs and compared case-insensitively")
    func doiNormalisation() throws {
        let plain = try DOI(parsing: "10.1109/CVPR.2018.00745")
        #expect(try DOI(parsing: "doi:10.1109/cvpr.2018.00745") == plain)
        #expect(try DOI(parsing: "https://doi.org/10.1109/Cvpr.2018.00745") == plain)
        #expect(Set([plain, try DOI(parsing: "10.1109/cvpr.2018.00745")]).count == 1)
        #expect(plain.normalized == "10.1109/cvpr.2018.00745")
        #expect(plain.url == "https://doi.org/10.1109/CVPR.2018.00745")
    }

    @Test("a DOI needs a 4-9 digit registrant and a suffix")
    func badDOIs() {
        #expect(valueErrorCode { try DOI(parsing: "10.123/abc") } == "doi.invalid-prefix")
        #expect(valueErrorCode { try DOI(parsing: "11.1109/abc") } == "doi.invalid-prefix")
        #expect(valueErrorCode { try DOI(parsing: "10.1109") } == "doi.missing-suffix")
        #expect(valueErrorCode { try DOI(parsing: "10.1109/") } == "doi.missing-suffix")
        #expect(valueErrorCode { try DOI(parsing: "10.1109/a b") } == "doi.invalid-suffix")
    }
}
