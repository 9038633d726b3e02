import Foundation
@testable import LabLedgerProjections
import Testing

@Suite("The document cache's bound")
struct DocumentCacheTests {
    @Test("a commit keeps the staged documents, starting over when the total would pass the limit")
    func startsOverPastTheLimit() {
        let cache = DocumentCache(limit: 3)
        cache.stage(1, for: "s-1")
        cache.stage(2, for: "s-2")
        cache.commit()
        #expect(cache.count == 2)
        cache.stage(3, for: "s-3")
        cache.stage(4, for: "s-4")
        cache.commit()
        // 2 + 2 > 3: the earlier ones go, the new ones stay.
        #expect(cache.count == 2)
        #expect(cache.value(of: "s-1") == nil)
        #expect(cache.value(of: "s-4") as? Int == 4)
    }

    @Test("a transaction that staged more than the limit leaves nothing kept, and a limit of 0 keeps nothing")
    func neverAboveTheLimit() {
        let cache = DocumentCache(limit: 2)
        for index in 0..<3 { cache.stage(index, for: "s-\(index)") }
        cache.commit()
        #expect(cache.count == 0)
        #expect(cache.value(of: "s-0") == nil)

        let none = DocumentCache(limit: 0)
        none.stage(1, for: "s-1")
        #expect(none.value(of: "s-1") as? Int == 1, "staged values answer within their own transaction")
        none.commit()
        #expect(none.count == 0)
        #expect(none.value(of: "s-1") == nil)
    }

    @Test("a failed transaction drops everything, committed values included")
    func discardEmpties() {
        let cache = DocumentCache(limit: 10)
        cache.stage(1, for: "s-1")
        cache.commit()
        cache.stage(2, for: "s-2")
        cache.discard()
        #expect(cache.count == 0)
        #expect(cache.value(of: "s-1") == nil)
        #expect(cache.value(of: "s-2") == nil)
    }

    @Test("what was written of a stream's rows is kept with its document, and forgotten when a new document is staged without it")
    func writtenRowsFollowTheirDocument() {
        let cache = DocumentCache(limit: 10)
        let written = WrittenRows(tables: ["t": [WrittenRow(key: "1:a", digest: RowDigest(Data("row".utf8)))]])
        cache.stage(written: written, for: "s-1")
        #expect(cache.written(of: "s-1") == nil, "nothing is recorded for a stream without a staged document")
        cache.stage(1, for: "s-1")
        cache.stage(written: written, for: "s-1")
        cache.commit()
        #expect(cache.written(of: "s-1") == written)
        cache.stage(2, for: "s-1")
        #expect(cache.written(of: "s-1") == nil, "a page that writes the rows otherwise, or not at all, leaves them unknown")
        cache.commit()
        #expect(cache.written(of: "s-1") == nil)
        cache.stage(3, for: "s-1")
        cache.stage(written: written, for: "s-1")
        cache.discard()
        #expect(cache.written(of: "s-1") == nil && cache.value(of: "s-1") == nil)
    }
}
