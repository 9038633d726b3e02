import Mustache

// Mustache finds a name in a value by reflection (a `Mirror` of the value, then of the field)
// unless the value names its children itself. The deadlines page renders a wall-calendar cell
// per day of every month it shows, a few names each, and that reflection was a large part of the
// page's time (Mustache's `Mirror` lookups were 13% of the console bench's samples under perf;
// naming the fields took the page's p50 from 6.3 to 4.0 ms, bench/README.md "Console pages").
// These are its most numerous values; a name they do not hold answers nil, so Mustache goes on
// up the context as it does after a reflected miss.

extension UniversityPages.DayCell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "hasDay": hasDay
        case "day": day
        case "date": date
        case "hasDue": hasDue
        case "dueLabel": dueLabel
        case "isToday": isToday
        case "isPast": isPast
        default: nil
        }
    }
}

extension UniversityPages.Week: MustacheParent {
    func child(named name: String) -> Any? {
        name == "days" ? days : nil
    }
}

extension UniversityPages.DeadlineRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "dueOn": dueOn
        case "left": left
        case "overdue": overdue
        case "kind": kind
        case "subject": subject
        case "lab": lab
        case "description": description
        case "firstOfDay": firstOfDay
        default: nil
        }
    }
}
