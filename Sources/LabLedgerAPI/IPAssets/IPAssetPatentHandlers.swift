import LabLedgerContract
import LabLedgerDomain

/// Patent filings, grants and lapses of IP assets.
extension APIHandler {
    func filePatentApplication(_ input: Operations.FilePatentApplication.Input) async throws -> Operations.FilePatentApplication.Output {
        let principal = try Access.writer(Access.universities, to: "record patent filings")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let office = fields.value("/office") { try PatentOffice(parsing: body.office) }
        let number = fields.value("/applicationNumber") { try PatentApplicationNumber(parsing: body.applicationNumber) }
        let filedOn = fields.date("/filedOn", body.filedOn)
        guard fields.ok, let (id, stream) = asset, let office, let number, let filedOn else { throw fields.failure }
        let outcome = try await runAsOwner(principal, id, stream, .fileApplication(FilePatentApplication(office: office, applicationNumber: number, filedOn: filedOn)))
        return .ok(outcome.acceptedResponse)
    }

    func recordPatentGrant(_ input: Operations.RecordPatentGrant.Input) async throws -> Operations.RecordPatentGrant.Output {
        let principal = try Access.writer(Access.universities, to: "record patent grants")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let application = fields.value("#path/applicationNumber") { try PatentApplicationNumber(parsing: input.path.applicationNumber) }
        let patent = fields.value("/patentNumber") { try PatentNumber(parsing: body.patentNumber) }
        let grantedOn = fields.date("/grantedOn", body.grantedOn)
        guard fields.ok, let (id, stream) = asset, let application, let patent, let grantedOn else { throw fields.failure }
        let outcome = try await runAsOwner(principal, id, stream, .recordPatentGrant(RecordPatentGrant(applicationNumber: application, patentNumber: patent, grantedOn: grantedOn)))
        return .ok(outcome.acceptedResponse)
    }

    func recordPatentLapse(_ input: Operations.RecordPatentLapse.Input) async throws -> Operations.RecordPatentLapse.Output {
        let principal = try Access.writer(Access.universities, to: "record patent lapses")
        let body = switch input.body { case .json(let body): body }
        var fields = Fields()
        let asset = StreamName.ipAsset(parsing: input.path.assetId, &fields)
        let patent = fields.value("#path/patentNumber") { try PatentNumber(parsing: input.path.patentNumber) }
        let lapsedOn = fields.date("/lapsedOn", body.lapsedOn)
        fields.text("/reason", body.reason, .reason)
        guard fields.ok, let (id, stream) = asset, let patent, let lapsedOn else { throw fields.failure }
        let outcome = try await runAsOwner(principal, id, stream, .recordPatentLapse(RecordPatentLapse(patentNumber: patent, lapsedOn: lapsedOn, reason: body.reason)))
        return .ok(outcome.acceptedResponse)
    }
}
