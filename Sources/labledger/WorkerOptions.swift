import ArgumentParser
import LabLedgerApp
import LabLedgerProjections

/// How the projection workers of `serve` and `work` use memory; every option also from an
/// environment variable.
struct WorkerOptions: ParsableArguments {
    @Option(name: .customLong("projection-document-cache"), help: "Folded documents each projection keeps in memory between pages, for its live tables and for a rebuild each; past it the cache starts over (a miss reads the document back). Bounds the workers' memory (env LABLEDGER_PROJECTION_DOCUMENT_CACHE).")
    var documentCache: Int = Settings.projectionDocumentCache.integerOrDefault ?? -1

    @Option(name: .customLong("projection-rebuild-batch"), help: "Events each projection applies per transaction while it rebuilds or catches up, 1...100000; each stream the batch touched is written once at its end. Larger batches rebuild faster and hold more in memory (env LABLEDGER_PROJECTION_REBUILD_BATCH).")
    var rebuildBatch: Int = Settings.projectionRebuildBatch.integerOrDefault ?? -1

    func apply(to options: inout ProjectionWorkerOptions?) {
        options?.documentCacheLimit = documentCache
        options?.rebuildBatchSize = rebuildBatch
    }

    func validate() throws {
        guard (0...10_000_000).contains(documentCache) else { throw ValidationError("--projection-document-cache must be 0...10000000.") }
        guard (1...ProjectionWorkerOptions.maxRebuildBatchSize).contains(rebuildBatch) else {
            throw ValidationError("--projection-rebuild-batch must be 1...\(ProjectionWorkerOptions.maxRebuildBatchSize).")
        }
    }
}
