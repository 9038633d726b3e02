import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerReadModels

/// An IP asset as it stood at a point of the history: the asset stream's events up to then,
/// folded by `IPAssetReadModel.evolve`, the fold that builds the stored document the current
/// answer reads, so the answer as of the head is the current one.
extension APIHandler {
    /// Nil when the stream has no event by `point`.
    func ipAssetDocument(_ asset: IPAssetID, asOf point: HistoryPoint) async throws -> IPAssetDocument? {
        var document: IPAssetDocument?
        // The royalty reports' rows this fold writes, which its payments read back.
        var reports = KeyedRows()
        do {
            try await store.readStreams([StreamName.ipAsset(asset).rawValue], upTo: point) { events in
                for event in events {
                    document = try IPAssetReadModel.evolve(document, ProjectableEvent(
                        position: event.globalPosition, streamID: event.streamID, streamVersion: event.streamVersion,
                        type: event.type, schemaVersion: event.schemaVersion, data: event.data,
                        occurredAt: event.occurredAt, actor: event.metadata.actor), rows: &reports)
                }
            }
        } catch let error as ReadModelError {
            // On the occurred axis a later fact may have occurred before the one it builds on
            // was recorded as occurring; the read model cannot fold such a selection.
            throw Problem.refused(DomainError(code: "history.not-foldable", message: "The asset's events up to that point do not fold on their own: \(error)."))
        }
        return document
    }
}
