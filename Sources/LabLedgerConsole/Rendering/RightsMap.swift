import LabLedgerDomain

/// Fields of use × territories for one asset on one date: who holds which slice, and until
/// when. Overlap is the domain's own (`FieldOfUse.overlaps`: `all-fields` overlaps every field;
/// `Territory.covers`: `WORLD` covers every country), so the map cannot disagree with the rule
/// a grant is judged by; the availability checker asks the API itself.
struct RightsMap: Sendable, Equatable {
    struct Licence: Sendable, Equatable {
        let licence: String
        let licensee: String
        let exclusive: Bool
        let fields: [String]
        let territories: [String]
        let from: String
        /// The first day no longer in force; nil while open-ended.
        let until: String?
    }

    struct Option: Sendable, Equatable {
        let option: Int
        let sponsor: String
        let fields: [String]
        let grantedOn: String
        /// The first day its fields are free for others.
        let reservedUntil: String
    }

    struct Holding: Sendable, Equatable {
        let text: String
        /// `exclusive`, `non-exclusive` or `option`: the cell's colour.
        let kind: String
    }

    struct Cell: Sendable, Equatable {
        let territory: String
        let holdings: [Holding]
        let free: Bool
    }

    struct Row: Sendable, Equatable {
        let field: String
        let cells: [Cell]
    }

    let date: String
    let territories: [String]
    let rows: [Row]

    /// `date` is `YYYY-MM-DD`. Rows are every field a licence or option names; columns every
    /// territory a licence names. A slice is held on `date` when its term has begun and not ended.
    init(date: LocalDate, licences: [Licence], options: [Option]) {
        self.date = date.rawValue
        let fields = Array(Set(licences.flatMap(\.fields) + options.flatMap(\.fields))).sorted()
        let territories = Array(Set(licences.flatMap(\.territories))).sorted { a, b in
            // WORLD last: it is the widest column.
            (a == "WORLD" ? 1 : 0, a) < (b == "WORLD" ? 1 : 0, b)
        }
        self.territories = territories
        rows = fields.map { field in
            Row(field: field, cells: territories.map { territory in
                var holdings: [Holding] = []
                for licence in licences where Self.inForce(licence, on: date)
                    && Self.overlaps(licence.fields, field) && Self.covers(licence.territories, territory)
                {
                    let until = licence.until.map { " until \($0)" } ?? ", open-ended"
                    holdings.append(Holding(
                        text: "\(licence.licensee) — \(licence.exclusive ? "exclusive" : "non-exclusive") licence \(licence.licence)\(until)",
                        kind: licence.exclusive ? "exclusive" : "non-exclusive"))
                }
                for option in options where Self.reserved(option, on: date) && Self.overlaps(option.fields, field) {
                    holdings.append(Holding(
                        text: "\(option.sponsor) — option \(option.option) reserved until \(option.reservedUntil)", kind: "option"))
                }
                return Cell(territory: territory, holdings: holdings, free: holdings.isEmpty)
            })
        }
    }

    static func inForce(_ licence: Licence, on date: LocalDate) -> Bool {
        guard let from = try? LocalDate(parsing: licence.from), from <= date else { return false }
        guard let until = licence.until else { return true }
        guard let end = try? LocalDate(parsing: until) else { return false }
        return date < end
    }

    static func reserved(_ option: Option, on date: LocalDate) -> Bool {
        guard let from = try? LocalDate(parsing: option.grantedOn), let until = try? LocalDate(parsing: option.reservedUntil) else {
            return false
        }
        return from <= date && date < until
    }

    private static func overlaps(_ fields: [String], _ field: String) -> Bool {
        guard let row = try? FieldOfUse(parsing: field) else { return false }
        return fields.contains { (try? FieldOfUse(parsing: $0))?.overlaps(row) ?? false }
    }

    private static func covers(_ territories: [String], _ territory: String) -> Bool {
        guard let column = try? Territory(parsing: territory) else { return false }
        return territories.contains { (try? Territory(parsing: $0))?.overlaps(column) ?? false }
    }
}
