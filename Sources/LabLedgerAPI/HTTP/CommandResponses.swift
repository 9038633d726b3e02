import LabLedgerContract

/// A command's outcome as the generated `Created` / `Accepted` responses.
extension CommandOutcome {
    var result: Components.Schemas.CommandResult {
        .init(
            stream: stream, version: version, position: position,
            events: written.map { .init(_type: $0.type, position: $0.position, stream: $0.stream ?? stream, version: $0.version ?? version) })
    }

    var createdResponse: Components.Responses.Created {
        .init(headers: .init(eTag: etag, labLedgerPosition: position.isEmpty ? nil : position, location: location), body: .json(result))
    }

    var acceptedResponse: Components.Responses.Accepted {
        .init(headers: .init(eTag: etag, labLedgerPosition: position.isEmpty ? nil : position), body: .json(result))
    }
}
