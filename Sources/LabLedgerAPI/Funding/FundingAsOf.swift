import EventStore
import LabLedgerContract
import LabLedgerDomain
import LabLedgerReadModels

/// A lab's funding as it stood at a point of the history: each of the lab's commitment streams
/// up to then, folded by the `funding` read model's own fold and row mapping, so the answer as
/// of the head is the current one.
extension APIHandler {
    struct LabFundingThen {
        var items: [Components.Schemas.FundingCommitmentSummary]
        var next: String?
        var totals: [Components.Schemas.FundingTotal]
    }

    func labFunding(
        _ lab: LabID, party: String?, asOf point: HistoryPoint, after: String?, limit: Int
    ) async throws -> LabFundingThen {
        let candidates = try await reads.labCommitmentStreams(lab, party: party, after: after)
        // One stream's fold at a time (readStreams hands the streams over one after another),
        // reduced to its summary row before the next: memory is one stream's, not the lab's.
        var folded: [String: FundingCommitmentRow] = [:]
        var current: (stream: String, fold: FundingCommitmentFold)?
        func finish() throws {
            if let (stream, fold) = current, let row = try fold.commitmentRow(streamID: stream) { folded[stream] = row }
            current = nil
        }
        do {
            try await store.readStreams(candidates.map(\.stream), upTo: point) { events in
                for event in events {
                    if current?.stream != event.streamID {
                        try finish()
                        current = (event.streamID, FundingCommitmentFold())
                    }
                    try current?.fold.apply(ProjectableEvent(
                        position: event.globalPosition, streamID: event.streamID, streamVersion: event.streamVersion,
                        type: event.type, schemaVersion: event.schemaVersion, data: event.data,
                        occurredAt: event.occurredAt, actor: event.metadata.actor))
                }
            }
            try finish()
        } catch let error as ReadModelError {
            // On the occurred axis a later fact may have occurred before the one it builds on
            // was recorded as occurring; the read model cannot fold such a selection.
            throw Problem.refused(DomainError(code: "history.not-foldable", message: "A commitment's events up to that point do not fold on their own: \(error)."))
        }
        var rows: [(row: FundingCommitmentRow, afterCursor: Bool)] = []
        for candidate in candidates {
            guard let row = folded[candidate.stream] else { continue }
            rows.append((row, candidate.afterCursor))
        }
        let page = rows.filter(\.afterCursor).prefix(limit + 1).map(\.row)
        let items = try page.prefix(limit).map(Components.Schemas.FundingCommitmentSummary.init)
        let next = page.count > limit ? items.last.map { Cursor([$0.commitment]).token } : nil
        return LabFundingThen(items: items, next: next, totals: try FundingTotals(rows.map(\.row)).totals)
    }
}
