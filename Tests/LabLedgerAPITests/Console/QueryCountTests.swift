import LabLedgerAPI
import Testing

/// `QueryCount` is task-local: a count sees the statements of its own work, wherever in that
/// work's task tree they were sent, and nobody else's.
@Suite struct QueryCountTests {
    /// Notes `times` statements, yielding between them so that concurrent work interleaves.
    static func note(_ times: Int) async {
        for _ in 0..<times {
            QueryCount.note()
            await Task.yield()
        }
    }

    @Test func twoCountsRunningAtOnceEachSeeOnlyTheirOwnStatements() async {
        async let first = QueryCount.counting { await Self.note(3) }
        async let second = QueryCount.counting { await Self.note(5) }
        let (a, b) = await (first, second)
        #expect(a.queries == 3)
        #expect(b.queries == 5)
    }

    @Test func aStatementSentWhileNothingCountsIsNotCountedLater() async {
        #expect(QueryCount.current == nil)
        QueryCount.note()
        let ((), queries) = await QueryCount.counting { QueryCount.note() }
        #expect(queries == 1)
        #expect(QueryCount.current == nil)
    }

    @Test func statementsOfChildTasksAndUnstructuredTasksAreCountedWhereTheyWereAskedFor() async {
        let ((), queries) = await QueryCount.counting {
            await withTaskGroup(of: Void.self) { group in
                for times in 1...4 { group.addTask { await Self.note(times) } }
            }
            await Task { await Self.note(2) }.value
        }
        #expect(queries == 1 + 2 + 3 + 4 + 2)
    }

    @Test func aDetachedTaskIsNotPartOfTheCount() async {
        let ((), queries) = await QueryCount.counting {
            QueryCount.note()
            await Task.detached { await Self.note(3) }.value
        }
        #expect(queries == 1)
    }
}
