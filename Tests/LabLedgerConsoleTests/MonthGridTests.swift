import LabLedgerDomain
import Testing

@testable import LabLedgerConsole

@Suite struct MonthGridTests {
    @Test func aMonthIsLaidOutFromMondayWithItsDeadlinesCountedByDay() throws {
        // 1 March 2019 was a Friday; March has 31 days.
        let today = try LocalDate(parsing: "2019-03-15")
        let grid = try #require(MonthGrid.of(month: "2019-03", dueDates: ["2019-03-01", "2019-03-15", "2019-03-15", "2019-04-01"], today: today))
        #expect(grid.weeks.count == 5)
        #expect(grid.weeks.allSatisfy { $0.count == 7 })
        #expect(grid.weeks[0].prefix(4).allSatisfy { $0.day == nil })
        #expect(grid.weeks[0][4].day == 1 && grid.weeks[0][4].due == 1 && grid.weeks[0][4].isPast)
        let fifteenth = grid.weeks.joined().first { $0.day == 15 }
        #expect(fifteenth?.due == 2 && fifteenth?.isToday == true && fifteenth?.isPast == false)
        #expect(grid.weeks.joined().compactMap(\.day) == Array(1...31))
        // A date of another month is not counted in this one.
        #expect(grid.weeks.joined().map(\.due).reduce(0, +) == 3)
        #expect(grid.weeks[4][6].day == 31)
    }

    @Test func februaryOfALeapYearHas29DaysAndABadMonthKeyHasNoGrid() throws {
        let today = try LocalDate(parsing: "2020-01-01")
        let february = try #require(MonthGrid.of(month: "2020-02", dueDates: [], today: today))
        #expect(february.weeks.joined().compactMap(\.day).last == 29)
        // 1 February 2020 was a Saturday.
        #expect(february.weeks[0][5].day == 1)
        #expect(MonthGrid.of(month: "2020-13", dueDates: [], today: today) == nil)
        #expect(MonthGrid.of(month: "March", dueDates: [], today: today) == nil)
    }
}
