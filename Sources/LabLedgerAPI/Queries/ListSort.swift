import Foundation
import LabLedgerDomain
import PostgresNIO

/// How a sort column's value is checked before it reaches the query's cast, so that a forged
/// cursor is a 400 rather than a failed cast.
enum SortKeyType: Sendable {
    case text, date, integer

    var cast: String {
        switch self {
        case .text: "text"
        case .date: "date"
        case .integer: "integer"
        }
    }

    func accepts(_ value: String) -> Bool {
        switch self {
        case .text: true
        case .date: (try? LocalDate(parsing: value)) != nil
        // The columns are PostgreSQL `integer`s: a larger number would fail the cast.
        case .integer: Int32(value) != nil
        }
    }
}

/// A column a list may be sorted by. Each list has a closed enum of them whose SQL is fixed
/// text in the source: a request picks a case by name, it never writes SQL.
protocol SortColumn: RawRepresentable<String>, CaseIterable, Sendable, Hashable {
    /// The list's unique key: its default order and every other order's tie-break.
    static var identity: Self { get }
    /// The column as the list's query names it.
    var sql: String { get }
    var keyType: SortKeyType { get }
    /// Whether rows may have no value: they sort after every value ascending, before descending.
    var nullable: Bool { get }
}

/// The order a list is read in: a column, then the list's key as tie-break, both in one
/// direction. A whole order, not an order within a page: paging keysets on (column, key).
struct ListOrder<Column: SortColumn>: Sendable, Hashable {
    var column: Column
    var descending: Bool

    /// The list's order when no `sort` is asked: by its key, ascending (as before sorting existed).
    static var standard: ListOrder { ListOrder(column: .identity, descending: false) }

    init(column: Column, descending: Bool) {
        self.column = column
        self.descending = descending
    }

    /// From the `sort` and `order` query values. The runtime already refuses values outside the
    /// contract's enums; this refuses them too, for callers that hand strings in (400 naming each).
    init(sort: String?, order: String?) throws {
        var problems: [FieldProblem] = []
        let column = sort.map { Column(rawValue: $0) } ?? .identity
        if column == nil, let sort {
            let known = Column.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append(FieldProblem(
                pointer: "#query/sort", code: "invalid-enum", detail: "`\(sort.prefix(60))` is not a column of this list; sort by one of: \(known)."))
        }
        if let order, order != "asc", order != "desc" {
            problems.append(FieldProblem(pointer: "#query/order", code: "invalid-enum", detail: "`\(order.prefix(60))` is not an order; use asc or desc."))
        }
        guard problems.isEmpty, let column else { throw Problem.invalid(problems) }
        self.init(column: column, descending: order == "desc")
    }

    var parameters: String { "sort=\(column.rawValue)&order=\(descending ? "desc" : "asc")" }
}

/// Where a page of a sorted list ended: the order, the last row's sort value and its key. Its
/// token carries the order, so a cursor is only ever used with the order that issued it.
struct ListCursor<Column: SortColumn>: Sendable {
    let order: ListOrder<Column>
    /// The last row's value in the sort column as text; nil when the row has none.
    let value: String?
    let id: String

    /// In the standard order the token is the one this API always issued (`["<key>"]`), so
    /// cursors from before sorting existed still page; any other order's token names it.
    var token: String {
        if order == .standard { return Cursor([id]).token }
        return Cursor.token([order.column.rawValue, order.descending ? "desc" : "asc", value, id])
    }

    /// A sorted token carries the last row's value: a title of 500 code points, each written as
    /// a 6-byte `\u00XX` escape at worst, with the id, column and direction, is about 3,100
    /// bytes of JSON and 4,150 of base64url. (The 2,000 of unsorted cursors cut a page at a
    /// long Chinese title.)
    static var longestToken: Int { 8_192 }

    /// Parses `?after=` for a list asked in `order`: 400 naming `after` when the token is not
    /// one of ours, and when it was issued under another order (it would skip or repeat rows).
    static func parse(_ token: String?, for order: ListOrder<Column>) throws -> ListCursor? {
        guard let token else { return nil }
        guard let data = Cursor.json(token, limit: longestToken), let keys = try? JSONDecoder().decode([String?].self, from: data),
            // PostgreSQL refuses NUL in text parameters; no key this API hands out holds one.
            keys.allSatisfy({ !($0?.contains("\u{0}") ?? false) })
        else { throw Cursor.notOurs }
        let found: ListCursor
        if keys.count == 1, let id = keys[0] {
            found = ListCursor(order: .standard, value: id, id: id)
        } else if keys.count == 4, let name = keys[0], let column = Column(rawValue: name), let direction = keys[1],
            direction == "asc" || direction == "desc", let id = keys[3]
        {
            if let value = keys[2] {
                guard column.keyType.accepts(value), column != .identity || value == id else { throw Cursor.notOurs }
            } else {
                guard column.nullable else { throw Cursor.notOurs }
            }
            found = ListCursor(order: ListOrder(column: column, descending: direction == "desc"), value: keys[2], id: id)
        } else {
            throw Cursor.notOurs
        }
        guard found.order == order else {
            throw Problem.invalid(
                "#query/after", code: "cursor-of-another-sort",
                "This cursor pages the list in the order `\(found.order.parameters)`; ask with that order, or without `after` to start again.")
        }
        return found
    }
}

extension PostgresQuery.StringInterpolation {
    /// The sort column as text, for the next page's cursor.
    mutating func appendInterpolation<C: SortColumn>(sortValue order: ListOrder<C>) {
        appendLiteral("\(order.column.sql)::text")
    }

    /// `ORDER BY`'s list: the column, then the key `id`, in one direction, with NULLs where
    /// PostgreSQL puts them by default (last ascending, first descending), said here so that
    /// the keyset below is visibly the same order.
    mutating func appendInterpolation<C: SortColumn>(orderBy order: ListOrder<C>, id: String) {
        let direction = order.descending ? "DESC" : "ASC"
        guard order.column != .identity else { return appendLiteral("\(id) \(direction)") }
        appendLiteral("\(order.column.sql) \(direction) NULLS \(order.descending ? "FIRST" : "LAST"), \(id) \(direction)")
    }

    /// A condition true for the rows strictly after `cursor` in its order (`TRUE` without one):
    /// the keyset on (column, key), values bound, so a page neither skips nor repeats a row,
    /// whatever the ties and NULLs.
    mutating func appendInterpolation<C: SortColumn>(after cursor: ListCursor<C>?, id: String) {
        guard let cursor else { return appendLiteral("TRUE") }
        let comparison = cursor.order.descending ? "<" : ">"
        let column = cursor.order.column
        if column == .identity {
            appendLiteral("\(id) \(comparison) ")
            appendInterpolation(cursor.id)
            return
        }
        if let value = cursor.value {
            // A row comparison: past the value, or at it with a key further on. A NULL column
            // compares as unknown, so the NULLs are added back where they follow (ascending).
            appendLiteral("((\(column.sql), \(id)) \(comparison) (")
            appendInterpolation(value)
            appendLiteral("::\(column.keyType.cast), ")
            appendInterpolation(cursor.id)
            appendLiteral(")")
            if column.nullable && !cursor.order.descending { appendLiteral(" OR \(column.sql) IS NULL") }
            appendLiteral(")")
        } else {
            // Among the NULLs: those with a key further on, and descending every row with a value.
            appendLiteral("((\(column.sql) IS NULL AND \(id) \(comparison) ")
            appendInterpolation(cursor.id)
            appendLiteral(")")
            if cursor.order.descending { appendLiteral(" OR \(column.sql) IS NOT NULL") }
            appendLiteral(")")
        }
    }
}
