import Foundation
import LabLedgerAPI

/// A table sorted on the server by `?sort=<column>&dir=asc|desc`, so it sorts without
/// JavaScript: each header cell is a link to the same page sorted by its column (the sorted
/// column's link reverses the direction) and the sorted one carries `aria-sort`. Where the
/// API's list takes an order (IP assets, labs: every column has an `api` sort) the whole list
/// is sorted by the API (`apiOrder`) and pages through it; elsewhere this sorts the rows of the
/// page shown (`apply`). Without `sort` (or with it empty) the rows stay in the API's order. A
/// `sort` naming no column of the table, or a `dir` other than `asc`/`desc`, is bad input:
/// `errors` names each, and the page answers 400.
struct TableSort: Sendable, Equatable {
    struct Column: Sendable, Equatable {
        let key: String
        let label: String
        /// The API list's `sort` value for this column, where the API sorts the whole list by it.
        let api: String?

        init(key: String, label: String, api: String? = nil) {
            self.key = key
            self.label = label
            self.api = api
        }
    }

    struct Header: Sendable, Equatable {
        let label: String
        let href: String
        let sorted: Bool
        /// `ascending` or `descending` on the sorted column, for `aria-sort`.
        let ariaSort: String
        /// What following the link does, for its accessible name's hint.
        let action: String
    }

    let columns: [Column]
    /// nil: the API's order.
    let column: String?
    let ascending: Bool
    /// The bad `sort` and `dir`, as the API names bad query parameters; empty when both are good.
    let errors: [FieldProblem]

    init(_ columns: [Column], sort: String?, dir: String?) {
        self.columns = columns
        var errors: [FieldProblem] = []
        if let sort, !sort.isEmpty, !columns.contains(where: { $0.key == sort }) {
            let known = columns.map(\.key).joined(separator: ", ")
            errors.append(FieldProblem(
                pointer: "#query/sort", code: "unknown-column", detail: "`\(sort)` is not a column of this table; sort by one of: \(known)."))
        }
        if let dir, !dir.isEmpty, dir != "asc", dir != "desc" {
            errors.append(FieldProblem(pointer: "#query/dir", code: "unknown-direction", detail: "`\(dir)` is not a direction; use asc or desc."))
        }
        self.errors = errors
        column = errors.isEmpty && columns.contains { $0.key == sort } ? sort : nil
        ascending = dir != "desc"
    }

    /// The API list's `sort` and `order` for the chosen column; both nil for the API's own order.
    var apiOrder: (sort: String?, order: String?) {
        guard let column, let api = columns.first(where: { $0.key == column })?.api else { return (nil, nil) }
        return (api, ascending ? "asc" : "desc")
    }

    /// For pages that show bad input on the problem page: throws the 400 naming every bad parameter.
    func check() throws {
        if !errors.isEmpty { throw Problem.invalid(errors) }
    }

    /// `sort` and `dir` of the current query, as the links and "next page" carry them on.
    var parameters: [(String, String)] {
        guard let column else { return [] }
        return [("sort", column), ("dir", ascending ? "asc" : "desc")]
    }

    /// The header cells; `path` and `keep` (the page's other parameters) make each link. A
    /// table the API sorts whole keeps no `after`: a new order starts at its first page (the
    /// API refuses a cursor of one order with another); one sorted by page keeps it.
    func headers(path: String, keep: [(String, String)]) -> [Header] {
        columns.map { column in
            let sorted = column.key == self.column
            let ascendingNext = sorted ? !ascending : true
            let href = Self.link(path, keep + [("sort", column.key), ("dir", ascendingNext ? "asc" : "desc")])
            return Header(
                label: column.label, href: href, sorted: sorted, ariaSort: sorted ? (ascending ? "ascending" : "descending") : "",
                action: "sort by \(column.label.lowercased()), \(ascendingNext ? "ascending" : "descending")")
        }
    }

    /// The rows in the chosen order; a stable sort, so rows equal in the column keep the API's
    /// order. Values compare as text with digit runs as numbers (`v9` before `v10`), case aside.
    func apply<Row>(_ rows: [Row], _ value: (Row, String) -> String) -> [Row] {
        guard let column else { return rows }
        let keyed = rows.enumerated().map { (offset: $0.offset, key: value($0.element, column), row: $0.element) }
        return keyed.sorted { a, b in
            switch a.key.compare(b.key, options: [.numeric, .caseInsensitive]) {
            case .orderedSame: return a.offset < b.offset
            case .orderedAscending: return ascending
            case .orderedDescending: return !ascending
            }
        }.map { $0.row }
    }

    /// `path?name=value&…`, every value percent-encoded for a query.
    static func link(_ path: String, _ parameters: [(String, String)]) -> String {
        let query = parameters.filter { !$0.1.isEmpty }
            .map { "\(UniversityPages.queryValue($0.0))=\(UniversityPages.queryValue($0.1))" }.joined(separator: "&")
        return query.isEmpty ? path : "\(path)?\(query)"
    }
}
