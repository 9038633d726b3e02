import EventStore
import Logging
import PostgresNIO

/// What a projector writes through: the worker's connection, inside its open transaction (or
/// none, for a live page written in one statement: `Projector.applyInOneStatement`), and the physical names of the projection's tables (the live ones, or the fresh copies a
/// rebuild fills).
public struct ProjectionContext: Sendable {
    public let connection: PostgresConnection
    public let logger: Logger
    private let physicalNames: [String: String]
    /// Documents kept from earlier pages of the same runner, when it keeps them.
    let cache: DocumentCache?
    /// How a page's streams are folded: on how many cores.
    let folding: OrderedParallelMap
    /// The projector may write documents and keyed rows only, and leave the rows derived from
    /// documents to `Projector.finishRebuild`: set for a rebuild's tables, which nobody reads
    /// until they are swapped in, so a stream touched by many batches is rendered once.
    public let defersRows: Bool
    /// Whether a keyed model's new facts are read before they are inserted
    /// (`KeyedStreamReadModel.newFacts`). Not for a live page applied as a whole: a repeated
    /// fact, which no decider writes, is refused by the table's primary key, and the worker then
    /// applies the page's events one by one with this set, so the model parks it with its reason.
    /// Those checks were 4,251 of the bench's 5,248 keyed-row lookups, and the lookups left
    /// returned the same rows (bench/README.md, "New facts inserted unread").
    public private(set) var readsNewFacts: Bool

    init(
        connection: PostgresConnection, logger: Logger, physicalNames: [String: String], cache: DocumentCache? = nil,
        folding: OrderedParallelMap = OrderedParallelMap(parallelism: 1), defersRows: Bool = false, readsNewFacts: Bool = true
    ) {
        self.connection = connection
        self.logger = logger
        self.physicalNames = physicalNames
        self.cache = cache
        self.folding = folding
        self.defersRows = defersRows
        self.readsNewFacts = readsNewFacts
    }

    /// The live tables of `projector`.
    public static func live(for projector: some Projector, connection: PostgresConnection, logger: Logger) -> ProjectionContext {
        ProjectionContext(
            connection: connection, logger: logger,
            physicalNames: Dictionary(uniqueKeysWithValues: projector.tables.map { ($0, $0) }))
    }

    /// The fresh copies a rebuild of `projector` fills (`<table>__rebuild`).
    static func rebuild(for projector: some Projector, connection: PostgresConnection, logger: Logger) -> ProjectionContext {
        ProjectionContext(
            connection: connection, logger: logger,
            physicalNames: Dictionary(uniqueKeysWithValues: projector.tables.map { ($0, $0 + "__rebuild") }))
    }

    func with(cache: DocumentCache?, folding: OrderedParallelMap, defersRows: Bool = false) -> ProjectionContext {
        ProjectionContext(
            connection: connection, logger: logger, physicalNames: physicalNames, cache: cache, folding: folding, defersRows: defersRows,
            readsNewFacts: readsNewFacts)
    }

    /// The same context, reading new facts or not (`readsNewFacts`).
    public func reading(newFacts: Bool) -> ProjectionContext {
        var context = self
        context.readsNewFacts = newFacts
        return context
    }

    /// The physical table behind `logical`, safe to splice into SQL: names are checked against
    /// `[a-z_][a-z0-9_]*` before a worker runs the projection.
    public func table(_ logical: String) throws -> String {
        guard let name = physicalNames[logical] else { throw ProjectionSetupError.undeclaredTable(logical) }
        return name
    }
}

/// A projection that cannot run as configured: fixed in code or migrations, not by retrying.
public enum ProjectionSetupError: Error, Equatable, CustomStringConvertible {
    case undeclaredTable(String)
    case invalidName(String)
    case tablesNotRegistered(projection: String, declared: [String], registered: [String])
    case replacedRowsInKeyedTable(String)
    case keyMismatch(table: String, columns: [String], key: [String])
    case rowsWithoutKeys(String)
    /// A model kept a row of a table that is not written row by row, whose rows are all replaced.
    case keptRowsInReplacedTable(String)
    /// A model kept a row the runner has no record of writing: it would be lost.
    case keptRowNotWritten(table: String, key: [String])
    /// A model gave two rows of a table written row by row the same key (kept or added).
    case rowKeyRepeated(table: String, key: [String])

    public var description: String {
        switch self {
        case .undeclaredTable(let table):
            "The projector wrote to '\(table)', which is not among its declared tables."
        case .invalidName(let name):
            "'\(name)' is not a valid projection or table name (lower-case letters, digits, _; at most 48)."
        case .tablesNotRegistered(let projection, let declared, let registered):
            "Projection '\(projection)' declares tables \(declared) but the database registers \(registered); "
                + "a migration must create and register them (projection_tables)."
        case .replacedRowsInKeyedTable(let table):
            "A model derived rows of '\(table)' from its document, but the table is keyed: its rows are written by key."
        case .keyMismatch(let table, let columns, let key):
            "A key of '\(table)' has \(key.count) values; the table's key columns are \(columns)."
        case .rowsWithoutKeys(let table):
            "A model derived rows of '\(table)' without their keys, but the table is written row by row: add them with their keys."
        case .keptRowsInReplacedTable(let table):
            "A model kept rows of '\(table)' as last written, but the table's rows are replaced whole: it must render them."
        case .keptRowNotWritten(let table, let key):
            "A model kept the row \(key) of '\(table)' as last written, but it was not written: it must render it."
        case .rowKeyRepeated(let table, let key):
            "A model gave two rows of '\(table)' the key \(key), kept or added: a table written row by row has one row per key."
        }
    }

    static func validate(_ name: String) throws(ProjectionSetupError) {
        let valid = !name.isEmpty && name.utf8.count <= 48 && name.utf8.first.map { !(48...57).contains($0) } == true
            && name.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
        guard valid else { throw .invalidName(name) }
    }
}
