import LabLedgerDomain
import Testing

@testable import LabLedgerConsole

/// The rights map of the demo's asset: Tencent's exclusive computer-vision licence in China
/// (2020–2030), Huawei's non-exclusive NLP licence worldwide, Tencent's option on computer vision.
@Suite struct RightsMapTests {
    static let licences = [
        RightsMap.Licence(
            licence: "tencent-cv-cn", licensee: "tencent", exclusive: true, fields: ["computer_vision"], territories: ["CN"],
            from: "2020-01-01", until: "2030-01-01"),
        RightsMap.Licence(
            licence: "huawei-nlp-world", licensee: "huawei", exclusive: false, fields: ["natural_language_processing"],
            territories: ["WORLD"], from: "2021-01-01", until: nil),
    ]
    static let options = [
        RightsMap.Option(option: 1, sponsor: "tencent", fields: ["computer_vision"], grantedOn: "2019-06-01", reservedUntil: "2019-12-01")
    ]

    func map(on date: String) throws -> RightsMap {
        RightsMap(date: try LocalDate(parsing: date), licences: Self.licences, options: Self.options)
    }

    func cell(_ map: RightsMap, _ field: String, _ territory: String) throws -> RightsMap.Cell {
        let row = try #require(map.rows.first { $0.field == field })
        return try #require(row.cells.first { $0.territory == territory })
    }

    @Test func rowsAreFieldsAndColumnsTerritoriesWithWorldLast() throws {
        let map = try map(on: "2026-01-01")
        #expect(map.rows.map(\.field) == ["computer_vision", "natural_language_processing"])
        #expect(map.territories == ["CN", "WORLD"])
    }

    @Test func theExclusiveLicenceHoldsComputerVisionInChinaWhileInForce() throws {
        let map = try map(on: "2026-01-01")
        let held = try cell(map, "computer_vision", "CN")
        #expect(held.holdings.map(\.kind) == ["exclusive"])
        #expect(held.holdings.first?.text.contains("tencent-cv-cn until 2030-01-01") == true)
        // WORLD overlaps CN, so the worldwide column shows the Chinese slice too.
        #expect(try cell(map, "computer_vision", "WORLD").holdings.map(\.kind) == ["exclusive"])
    }

    @Test func aWorldwideLicenceCoversEveryCountryColumn() throws {
        let map = try map(on: "2026-01-01")
        #expect(try cell(map, "natural_language_processing", "CN").holdings.map(\.kind) == ["non-exclusive"])
        #expect(try cell(map, "natural_language_processing", "WORLD").holdings.first?.text.contains("open-ended") == true)
    }

    @Test func termsAreHalfOpenSoTheLastDayIsFree() throws {
        #expect(try cell(try map(on: "2029-12-31"), "computer_vision", "CN").free == false)
        #expect(try cell(try map(on: "2030-01-01"), "computer_vision", "CN").free)
        #expect(try cell(try map(on: "2019-12-31"), "computer_vision", "CN").free)
    }

    @Test func anOpenOptionReservesItsFieldsInEveryTerritory() throws {
        let map = try map(on: "2019-07-01")
        #expect(try cell(map, "computer_vision", "CN").holdings.map(\.kind) == ["option"])
        #expect(try cell(map, "computer_vision", "WORLD").holdings.map(\.kind) == ["option"])
        #expect(try cell(map, "natural_language_processing", "CN").free)
    }

    @Test func allFieldsOverlapsEveryFieldAsTheDomainSays() throws {
        let licence = RightsMap.Licence(
            licence: "all", licensee: "jd", exclusive: false, fields: ["all-fields"], territories: ["HK"], from: "2020-01-01", until: nil)
        let map = RightsMap(date: try LocalDate(parsing: "2024-01-01"), licences: [licence] + Self.licences, options: [])
        #expect(try cell(map, "computer_vision", "HK").holdings.map(\.kind) == ["non-exclusive"])
        #expect(try cell(map, "computer_vision", "CN").holdings.map(\.kind) == ["exclusive"])
    }
}
