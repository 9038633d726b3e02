import Testing
@testable import LabLedgerProjections

/// Which failures of a page make the worker try its events one by one and park the bad one.
@Suite struct RefusalTests {
    struct ConstraintViolated: Error {}

    @Test func aShutdownsCancellationIsNotARefusalOfThePage() {
        #expect(!ActiveProjection.isRefusal(CancellationError()))
    }

    /// A projector that says it writes a page in one statement and then cannot is the code's
    /// fault: parking every event of the page for it would hide that.
    @Test func aProjectorThatCannotWriteInOneStatementRefusesNoEvent() {
        #expect(!ActiveProjection.isRefusal(OneStatementUnsupported(projection: "counter")))
        #expect(ActiveProjection.isRefusal(ConstraintViolated()))
    }

    @Test func aCancelledTaskRefusesNothingWhateverItsErrorSays() async {
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return ActiveProjection.isRefusal(ConstraintViolated())
        }
        #expect(await task.value == false)
    }

    @Test func anErrorOfTheDatabaseOnTheEventsIsARefusal() {
        #expect(ActiveProjection.isRefusal(ConstraintViolated()))
    }

    /// The statements are fixed and their values bound: an undefined function, table or column,
    /// or a missing privilege, is the schema's fault (a migration not applied yet), never the events'.
    @Test("errors of the schema (SQLSTATE class 42) are not the events' fault; data, integrity and limit errors are")
    func schemaErrorsBySQLState() {
        for state in ["42883", "42P01", "42703", "42501"] {
            #expect(ActiveProjection.isSchemaMismatch(sqlState: state), "\(state)")
        }
        for state in ["22P02", "23505", "23514", "54000", "LL001", "XX000"] {
            #expect(!ActiveProjection.isSchemaMismatch(sqlState: state), "\(state)")
        }
        #expect(!ActiveProjection.isSchemaMismatch(sqlState: nil))
    }

    /// A rebuild's rows written at its end: what refuses them for good throws the rebuild's
    /// deferral away; what may pass next time ends the session instead.
    @Test("rows are refused by data, integrity and limit errors, not by cancellations, resources or deadlocks")
    func rowRefusalsBySQLState() {
        for state in ["22P02", "22003", "23505", "23514", "54000"] {
            #expect(ActiveProjection.isRowRefusal(sqlState: state), "\(state)")
        }
        for state in ["57014", "53100", "53200", "40P01", "40001", "08006", "XX000", "22P04"] {
            #expect(!ActiveProjection.isRowRefusal(sqlState: state), "\(state)")
        }
        // COPY text PostgreSQL could not read is the worker's fault, not the rows'.
        #expect(ActiveProjection.isMalformedCopy(sqlState: "22P04"))
        #expect(!ActiveProjection.isMalformedCopy(sqlState: "22P02"))
        #expect(!ActiveProjection.isRowRefusal(sqlState: nil))
        // The projector's own errors (a document it cannot render) are refusals.
        #expect(ActiveProjection.isRowRefusal(ConstraintViolated()))
        #expect(!ActiveProjection.isRowRefusal(CancellationError()))
    }
}
