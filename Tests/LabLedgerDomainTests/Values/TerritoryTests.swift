import Testing
@testable import LabLedgerDomain

@Suite("Territories and fields of use")
struct TerritoryTests {
    @Test("all 249 assigned ISO 3166-1 codes are territories, and so is WORLD")
    func assigned() throws {
        #expect(CountryCode.assigned.count == 249)
        #expect(try Territory(parsing: "HK") == .country(CountryCode(parsing: "HK")))
        #expect(try Territory(parsing: "WORLD") == .world)
    }

    @Test("reserved, unassigned and lower-case codes are refused")
    func refused() {
        #expect(valueErrorCode { try Territory(parsing: "UK") } == "territory.unassigned")
        #expect(valueErrorCode { try Territory(parsing: "EU") } == "territory.unassigned")
        #expect(valueErrorCode { try Territory(parsing: "hk") } == "territory.invalid-format")
        #expect(valueErrorCode { try Territory(parsing: "World") } == "territory.invalid-format")
    }

    @Test("WORLD covers and overlaps every country; two countries overlap only if equal")
    func covering() throws {
        let hk: Territory = try parsed("HK")
        let cn: Territory = try parsed("CN")
        #expect(Territory.world.covers(hk))
        #expect(!hk.covers(.world))
        #expect(hk.overlaps(.world))
        #expect(!hk.overlaps(cn))
        #expect(Territory.overlaps([hk, cn], [.world]))
        #expect(!Territory.overlaps([hk], [cn]))
    }

    @Test("fields of use normalise spelling so overlaps cannot be dodged")
    func fields() throws {
        let vision = try FieldOfUse(parsing: "Computer Vision")
        #expect(vision.rawValue == "computer-vision")
        #expect(try FieldOfUse(parsing: " computer__vision ") == vision)
        #expect(vision.overlaps(.allFields))
        #expect(try !vision.overlaps(FieldOfUse(parsing: "nlp")))
        #expect(valueErrorCode { try FieldOfUse(parsing: "  -- ") } == "field-of-use.empty")
        #expect(valueErrorCode { try FieldOfUse(parsing: "vision/medical") } == "field-of-use.invalid-character")
    }
}
