import EventStore
import LabLedgerReadModels
import Testing

@Suite("Projections read type by type")
struct PageScanLimitTests {
    @Test("every projection reads few enough types for its rebuild's pages to be read type by type")
    func everyProjectionFitsTheTypedPage() {
        // A projection past the limit would still be correct, read in order, but lose the
        // typed read's saving without anyone noticing (bench/README.md, "Each type's events read
        // through its own index").
        for projection in ReadModels.all {
            #expect(
                projection.eventTypes.count <= PageScan.maximumTypesByType,
                "\(projection.name) reads \(projection.eventTypes.count) types")
        }
        #expect(ReadModels.all.map(\.eventTypes.count).max() ?? 0 > 1)
    }
}
