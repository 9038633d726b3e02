import LabLedgerDomain
import Testing

@testable import LabLedgerConsole

/// The deadlines page's values name their children for Mustache (`CalendarLookups.swift`)
/// instead of leaving it to reflect them: the page must render exactly what reflection renders.
@Suite struct CalendarRenderingTests {
    // Twins of the page's values with the same fields and no lookups of their own, so Mustache
    // reflects them, as it reflected the page's values before.
    struct Cell { let hasDay: Bool; let day: String; let date: String; let hasDue: Bool; let dueLabel: String; let isToday: Bool; let isPast: Bool }
    struct Week { let days: [Cell] }
    struct Row { let dueOn: String; let left: String; let overdue: Bool; let kind: String; let subject: String; let lab: String; let description: String; let firstOfDay: Bool }
    struct Month { let month: String; let deadlines: [Row]; let weeks: [Week] }
    struct View { let frame: Frame; let months: [Month]; let empty: Bool; let from: String; let headers: [TableSort.Header]; let nextLink: String; let hasNext: Bool }

    @Test func theCalendarsNamedLookupsRenderWhatReflectionRenders() throws {
        let today = try LocalDate(parsing: "2026-03-10")
        let due = ["2026-03-02", "2026-03-10", "2026-03-10", "2026-03-31"]
        let rows = due.enumerated().map { index, date in
            var row = UniversityPages.DeadlineRow(
                dueOn: date, left: "\(index) days", overdue: date < today.rawValue, kind: "option expiry", subject: "asset-\(index)",
                lab: "mi-lab", description: "Option \(index) <expires>")
            row.firstOfDay = index != 2
            return row
        }
        let grid = try #require(MonthGrid.of(month: "2026-03", dueDates: due, today: today))
        let weeks = grid.weeks.map { UniversityPages.Week(days: $0.map(UniversityPages.DayCell.init)) }
        let headers = TableSort(UniversityPages.deadlineColumns, sort: "due", dir: "desc").headers(path: "/console/deadlines", keep: [])
        let view = UniversityPages.DeadlinesView(
            frame: .signedOut("Deadlines"), months: [.init(month: "2026-03", deadlines: rows, weeks: weeks)], empty: false, from: "2026-03-01",
            headers: headers, nextLink: "/console/deadlines?after=x", hasNext: true)
        let reflected = View(
            frame: .signedOut("Deadlines"),
            months: [
                Month(
                    month: "2026-03",
                    deadlines: rows.map {
                        Row(dueOn: $0.dueOn, left: $0.left, overdue: $0.overdue, kind: $0.kind, subject: $0.subject, lab: $0.lab,
                            description: $0.description, firstOfDay: $0.firstOfDay)
                    },
                    weeks: weeks.map { week in
                        Week(days: week.days.map {
                            Cell(hasDay: $0.hasDay, day: $0.day, date: $0.date, hasDue: $0.hasDue, dueLabel: $0.dueLabel, isToday: $0.isToday, isPast: $0.isPast)
                        })
                    })
            ],
            empty: false, from: "2026-03-01", headers: headers, nextLink: "/console/deadlines?after=x", hasNext: true)

        let templates = try Templates.bundled()
        let html = try templates.render(view, "deadlines")
        #expect(html == (try templates.render(reflected, "deadlines")))
        // What both show: days, links to due days (the past one overdue), today, one anchor per day, every row.
        #expect(html.contains(#"<td><span class="day">1</span></td>"#))
        #expect(html.contains(##"<span class="day">2</span> <a class="due overdue" href="#due-2026-03-02">1 due</a>"##))
        #expect(html.contains(##"<td class="today" aria-current="date"><span class="day">10</span> <a class="due" href="#due-2026-03-10">2 due</a>"##))
        #expect(html.components(separatedBy: #"id="due-2026-03-10""#).count == 2)
        #expect(html.contains("<td><code>asset-3</code></td><td>mi-lab</td><td>Option 3 &lt;expires&gt;</td><td>3 days</td>"))
        #expect(html.contains(#"<tr id="due-2026-03-02" class="overdue">"#))
    }
}

extension CalendarRenderingTests {
    /// A field added to a calendar value but not to its `child(named:)` would render as missing:
    /// every stored field must answer by its own name.
    @Test func everyFieldOfTheCalendarsValuesAnswersByName() throws {
        let today = try LocalDate(parsing: "2026-03-10")
        let grid = try #require(MonthGrid.of(month: "2026-03", dueDates: ["2026-03-10"], today: today))
        let cell = try #require(grid.weeks.first?.first.map(UniversityPages.DayCell.init))
        let week = UniversityPages.Week(days: [cell])
        let row = UniversityPages.DeadlineRow(
            dueOn: "2026-03-10", left: "0 days", overdue: false, kind: "option expiry", subject: "asset", lab: "mi-lab", description: "Option")
        let values: [(name: String, value: Any, child: (String) -> Any?)] = [
            ("DayCell", cell, cell.child(named:)), ("Week", week, week.child(named:)), ("DeadlineRow", row, row.child(named:)),
        ]
        for (name, value, child) in values {
            let labels = Mirror(reflecting: value).children.compactMap(\.label)
            #expect(!labels.isEmpty, "\(name) has no fields to look up")
            for label in labels {
                #expect(child(label) != nil, "\(name).\(label) is not named for Mustache")
            }
            #expect(child("noSuchField") == nil, "\(name) answers a name it does not hold")
        }
    }
}
