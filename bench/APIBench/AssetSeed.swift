import EventStore
import Foundation
import LabLedgerDomain
import Logging
import PostgresNIO

/// Appends `count` IP assets (disclosure, ownership, an exclusive licence) owned with `owner`,
/// then waits for the `ip_assets` read model to hold them all.
enum AssetSeed {
    static func seed(_ count: Int, owner: String, store: PostgresEventStore, logger: Logger) async throws -> Int {
        let owner = try PartyID(parsing: owner)
        let university = try PartyID(parsing: "cuhk-shenzhen")
        let day = try LocalDate(parsing: "2019-03-01")
        let half = try BasisPoints(5_000)
        let events: @Sendable (Int) throws -> [EventData] = { index in
            let asset = try IPAssetID(parsing: "bench-\(index)")
            let domain: [IPAssetEvent] = [
                .inventionDisclosed(InventionDisclosed(
                    asset: asset, lab: try LabID(parsing: "tencent-cuhksz-mi-lab"), agreement: try AgreementID(parsing: "tencent-cuhksz-2018"),
                    title: "Invention \(index)", inventors: [Inventor(orcid: try ORCID(parsing: "0000-0002-1825-0097"), shareBasisPoints: try BasisPoints(10_000))],
                    fromOutputs: [], disclosedOn: day)),
                .ownershipDetermined(OwnershipDetermined(
                    owners: [AssetOwner(party: owner, shareBasisPoints: half), AssetOwner(party: university, shareBasisPoints: half)], determinedOn: day)),
                .licenceGranted(LicenceGranted(
                    licence: try LicenceID(parsing: "excl-\(index)"), licensee: owner, licensors: [owner, university], consents: [university],
                    exclusivity: .exclusive, fields: [try FieldOfUse(parsing: "computer_vision")], territories: [try Territory(parsing: "CN")],
                    term: try DateRange(from: day, to: try LocalDate(parsing: "2029-03-01")), sublicensable: false,
                    royalty: Royalty(rateBasisPoints: try BasisPoints(300)), grantedOn: day)),
            ]
            return try domain.map { event in
                let encoded = try IPAssetEventCodec.encode(event)
                return EventData(type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data)
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<16 {
                group.addTask {
                    for index in stride(from: lane, to: count, by: 16) {
                        try await store.append(to: "ipasset-bench-\(index)", expected: .noStream, events(index))
                    }
                }
            }
            try await group.waitForAll()
        }
        return count
    }

    static func waitForProjection(client: PostgresClient, count: Int, logger: Logger) async throws {
        for _ in 0..<1_200 {
            let rows = try await client.query("SELECT count(*)::int FROM ip_assets WHERE asset_id LIKE 'bench-%'", logger: logger)
            for try await seen in rows.decode(Int.self) where seen >= count { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw APIBenchError("the ip_assets read model did not reach \(count) assets in 5 minutes")
    }
}
