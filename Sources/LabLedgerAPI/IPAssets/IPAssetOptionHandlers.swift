import Foundation
import LabLedgerContract
import LabLedgerDomain

/// Sponsors' options on IP assets.
extension APIHandler {
    func grantIPAssetOption(_ input: Operations.GrantIPAssetOption.Input) async throws -> Operations.GrantIPAssetOption.Output {
        _ = try Access.writer(Access.keepers, to: "grant options on IP assets")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let sponsor = fields.value("/sponsor") { try PartyID(parsing: body.sponsor) }
        let fieldsOfUse = fields.values("/fields", body.fields, max: .fieldsOfUse) { try FieldOfUse(parsing: $0) }
        let grantedOn = fields.date("/grantedOn", body.grantedOn)
        let expiresOn = fields.date("/expiresOn", body.expiresOn)
        guard fields.ok, let (id, stream) = asset, let sponsor, let fieldsOfUse, let grantedOn, let expiresOn else { throw fields.failure }
        let outcome = try await runCommand(
            IPAssetDecider.self, stream: stream, creates: false, what: "IP asset '\(id)'",
            numbering: { events in
                events.lazy.compactMap { if case .optionGranted(let granted) = $0 { granted.option } else { nil } }.first
            }
        ) { state in
            let agreement = try await facts.assetAgreement(state)
            return Decision(command: .grantOption(GrantOption(
                sponsor: sponsor, fields: fieldsOfUse, grantedOn: grantedOn, expiresOn: expiresOn, agreement: agreement)))
        }
        let option: Int
        if let number = outcome.number { option = number } else { option = try await recordedOptionNumber(stream, at: outcome.version, asset: id) }
        return .ok(.init(
            headers: .init(eTag: outcome.etag, labLedgerPosition: outcome.position.isEmpty ? nil : outcome.position),
            body: .json(.init(value1: outcome.result, value2: .init(option: option)))))
    }

    func exerciseIPAssetOption(_ input: Operations.ExerciseIPAssetOption.Input) async throws -> Operations.ExerciseIPAssetOption.Output {
        let principal = try Access.writer(Access.companies, to: "exercise options")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let by = fields.value("/by") { try PartyID(parsing: body.by) }
        let exercisedOn = fields.date("/exercisedOn", body.exercisedOn)
        guard fields.ok, let (id, stream) = asset, let by, let exercisedOn else { throw fields.failure }
        let outcome = try await runAsSponsor(principal, id, stream, by: by, .exerciseOption(ExerciseOption(option: input.path.option, by: by, exercisedOn: exercisedOn)))
        return .ok(outcome.acceptedResponse)
    }

    func declineIPAssetOption(_ input: Operations.DeclineIPAssetOption.Input) async throws -> Operations.DeclineIPAssetOption.Output {
        let principal = try Access.writer(Access.companies, to: "decline options")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let by = fields.value("/by") { try PartyID(parsing: body.by) }
        let declinedOn = fields.date("/declinedOn", body.declinedOn)
        guard fields.ok, let (id, stream) = asset, let by, let declinedOn else { throw fields.failure }
        let outcome = try await runAsSponsor(principal, id, stream, by: by, .declineOption(DeclineOption(option: input.path.option, by: by, declinedOn: declinedOn)))
        return .ok(outcome.acceptedResponse)
    }

    func recordIPAssetOptionLapse(_ input: Operations.RecordIPAssetOptionLapse.Input) async throws -> Operations.RecordIPAssetOptionLapse.Output {
        _ = try Access.writer(Access.keepers, to: "record option lapses")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let lapsedOn = fields.date("/lapsedOn", body.lapsedOn)
        guard fields.ok, let (id, stream) = asset, let lapsedOn else { throw fields.failure }
        let outcome = try await runCommand(
            IPAssetDecider.self, stream: stream, creates: false, what: "IP asset '\(id)'"
        ) { _ in Decision(command: .recordOptionLapse(RecordOptionLapse(option: input.path.option, lapsedOn: lapsedOn))) }
        return .ok(outcome.acceptedResponse)
    }
}

extension APIHandler {
    /// The option number of the `OptionGranted` event at `version`: for an `Idempotency-Key`
    /// retry whose first answer was stored before answers carried the number (the demo replays
    /// its grants on every start).
    private func recordedOptionNumber(_ stream: StreamName, at version: Int, asset: IPAssetID) async throws -> Int {
        let events = try await store.readStream(stream.rawValue, from: version, direction: .backwards, limit: 1)
        guard let event = events.first, event.type == OptionGranted.eventType,
            let granted = try? JSONDecoder().decode(RecordedOptionNumber.self, from: event.data)
        else { throw OptionNotNumbered(asset: asset) }
        return granted.option
    }
}

private struct RecordedOptionNumber: Decodable {
    var option: Int
}

/// A granted option always records its number; an answer without one is a defect, not a
/// client error, so it is a 500 and never a made-up number.
struct OptionNotNumbered: Error, CustomStringConvertible {
    let asset: IPAssetID
    var description: String { "granting an option on IP asset '\(asset)' recorded no OptionGranted event" }
}
