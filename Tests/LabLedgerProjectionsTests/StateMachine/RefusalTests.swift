import Testing
@testable import LabLedgerProjections

/// Which failures of a page make the worker try its events one by one and park the bad one.
@Suite struct RefusalTests {
    struct ConstraintViolated: Error {}

    @Test func aShutdownsCancellationIsNotARefusalOfThePage() {
        #expect(!ActiveProjection.isRefusal(CancellationError()))
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
}
