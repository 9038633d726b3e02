import LabLedgerAPI
import Testing

@testable import LabLedgerConsole

/// Server-side table sorting: which column, which direction, the header links and the order.
@Suite struct TableSortTests {
    static let columns: [TableSort.Column] = [.init(key: "name", label: "Name"), .init(key: "version", label: "Version")]
    struct Row: Equatable { let name: String; let version: String }
    static func value(_ row: Row, _ column: String) -> String { column == "name" ? row.name : row.version }
    static let rows = [Row(name: "beta", version: "v10"), Row(name: "Alpha", version: "v9"), Row(name: "beta", version: "v2")]

    @Test func withoutASortTheRowsKeepTheAPIsOrder() throws {
        for sort in [nil, ""] {
            let table = TableSort(Self.columns, sort: sort, dir: "desc")
            #expect(table.column == nil && table.errors.isEmpty)
            try table.check()
            #expect(table.apply(Self.rows, Self.value) == Self.rows)
            #expect(table.parameters.isEmpty)
        }
    }

    @Test func aColumnTheTableLacksOrADirectionOtherThanAscOrDescIsBadInputNamingEachParameter() {
        let both = TableSort(Self.columns, sort: "password", dir: "sideways")
        #expect(both.errors.map(\.pointer) == ["#query/sort", "#query/dir"])
        #expect(both.errors[0].detail == "`password` is not a column of this table; sort by one of: name, version.")
        #expect(both.column == nil)
        #expect(both.apply(Self.rows, Self.value) == Self.rows)
        #expect(throws: Problem.invalid(both.errors)) { try both.check() }
        #expect(TableSort(Self.columns, sort: "name", dir: "DESC").errors.map(\.pointer) == ["#query/dir"])
        #expect(TableSort(Self.columns, sort: nil, dir: "up").errors.map(\.pointer) == ["#query/dir"])
        for dir in [nil, "", "asc", "desc"] {
            #expect(TableSort(Self.columns, sort: "name", dir: dir).errors.isEmpty, "\(dir ?? "nil")")
        }
    }

    @Test func rowsSortByTheColumnCaseAsideWithDigitRunsAsNumbersAndTiesInTheAPIsOrder() {
        let byName = TableSort(Self.columns, sort: "name", dir: "asc").apply(Self.rows, Self.value)
        #expect(byName.map(\.version) == ["v9", "v10", "v2"])
        let byVersion = TableSort(Self.columns, sort: "version", dir: nil).apply(Self.rows, Self.value)
        #expect(byVersion.map(\.version) == ["v2", "v9", "v10"])
        let descending = TableSort(Self.columns, sort: "version", dir: "desc").apply(Self.rows, Self.value)
        #expect(descending.map(\.version) == ["v10", "v9", "v2"])
    }

    @Test func theSortedHeaderCarriesAriaSortAndLinksToTheOtherDirectionKeepingThePagesParameters() {
        let table = TableSort(Self.columns, sort: "name", dir: "asc")
        let headers = table.headers(path: "/console/x", keep: [("lab", "a&b"), ("after", "")])
        #expect(headers[0].sorted && headers[0].ariaSort == "ascending")
        #expect(headers[0].href == "/console/x?lab=a%26b&sort=name&dir=desc")
        #expect(headers[0].action == "sort by name, descending" && headers[1].action == "sort by version, ascending")
        #expect(!headers[1].sorted && headers[1].ariaSort.isEmpty)
        #expect(headers[1].href == "/console/x?lab=a%26b&sort=version&dir=asc")
        #expect(table.parameters.map { "\($0.0)=\($0.1)" } == ["sort=name", "dir=asc"])
        let reversed = TableSort(Self.columns, sort: "name", dir: "desc").headers(path: "/console/x", keep: [])
        #expect(reversed[0].ariaSort == "descending" && reversed[0].href == "/console/x?sort=name&dir=asc")
    }

    @Test func aTableTheAPISortsAsksItForTheChosenColumnAndDirectionAndNothingWithoutASort() {
        let columns: [TableSort.Column] = [.init(key: "founded", label: "Founded", api: "foundedOn"), .init(key: "name", label: "Name", api: "name")]
        let descending = TableSort(columns, sort: "founded", dir: "desc").apiOrder
        #expect(descending.sort == "foundedOn" && descending.order == "desc")
        let ascending = TableSort(columns, sort: "name", dir: nil).apiOrder
        #expect(ascending.sort == "name" && ascending.order == "asc")
        let none = TableSort(columns, sort: nil, dir: "desc").apiOrder
        #expect(none.sort == nil && none.order == nil)
        let bad = TableSort(columns, sort: "password", dir: "asc").apiOrder
        #expect(bad.sort == nil && bad.order == nil)
        // A table sorted by page has no API sort for its columns.
        let byPage = TableSort(Self.columns, sort: "name", dir: "desc").apiOrder
        #expect(byPage.sort == nil && byPage.order == nil)
    }

    @Test func linksEncodeEveryValue() {
        #expect(TableSort.link("/p", [("after", "ab+/=é")]) == "/p?after=ab%2B%2F%3D%C3%A9")
        #expect(TableSort.link("/p", [("after", "")]) == "/p")
    }
}
