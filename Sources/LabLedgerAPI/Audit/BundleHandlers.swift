import Foundation
import LabLedgerAudit
import LabLedgerContract
import OpenAPIRuntime

/// GET /v1/audit/bundle: the evidence bundle `labledger export` writes, streamed as the client
/// takes it (at most two pages of events and their proofs in memory at a time).
extension APIHandler {
    func getEvidenceBundle(_ input: Operations.GetEvidenceBundle.Input) async throws -> Operations.GetEvidenceBundle.Output {
        try requireHistoryReader()
        let request = try Self.bundleRequest(input.query)
        guard let key = options.logVerifierKey else {
            throw Problem(.serviceUnavailable, code: "log-not-signed", title: "No log key",
                          detail: "This server was started without the log's key (neither the signing key nor its public key).")
        }
        let exporter = BundleExporter(client: store.client, logger: logger)
        let plan: BundlePlan
        do {
            plan = try await exporter.plan(request, verifierKey: key)
        } catch BundleExportError.unknownParty(let party) {
            throw Problem.invalid("#query/party", code: "unknown-party", "No party '\(party)' is in the directory.")
        } catch BundleExportError.noCheckpoint {
            throw Problem(.notFound, code: "no-checkpoint", title: "No checkpoint yet",
                          detail: "The log has not signed a checkpoint yet; the sequencer signs one shortly after the first events.")
        }
        let stream = BundleStream(exporter: exporter, plan: plan)
        let chunks = AsyncThrowingStream<ArraySlice<UInt8>, any Error> { try await stream.next().map { ArraySlice($0) } }
        return .ok(.init(body: .applicationXNdjson(HTTPBody(chunks, length: .unknown, iterationBehavior: .single))))
    }

    /// The query as a request, every malformed parameter named at its pointer.
    static func bundleRequest(_ query: Operations.GetEvidenceBundle.Input.Query) throws -> BundleRequest {
        var fields = Fields()
        let timeForms = "a date (2026-01-01) or an RFC 3339 timestamp with an offset (2026-01-01T08:00:00+08:00), at most 6 fractional digits"
        let from = BundleTime.parse(query.from)
        let to = BundleTime.parse(query.to)
        fields.require(from != nil, "#query/from", code: "invalid-timestamp", "from '\(query.from)' is not \(timeForms).")
        fields.require(to != nil, "#query/to", code: "invalid-timestamp", "to '\(query.to)' is not \(timeForms).")
        let axis = BundleRequest.Axis(rawValue: query.axis ?? BundleRequest.Axis.occurred.rawValue)
        fields.require(axis != nil, "#query/axis", code: "invalid-axis", "axis is occurred or recorded.")
        if let from, let to {
            fields.require(from < to, "#query/to", code: "empty-period", "to must be later than from (\(query.from)): the period is [from, to).")
        }
        if let party = query.party {
            fields.require(!party.isEmpty, "#query/party", code: "unknown-party", "party is a party id; leave it out for every party.")
        }
        guard fields.ok, let from, let to, let axis else { throw fields.failure }
        return BundleRequest(fromMicros: from, toMicros: to, axis: axis, party: query.party)
    }
}
