import EventStore
import Foundation
import LabLedgerProjections
import PostgresNIO
import Testing
import TestSupport

/// `ip_asset_viewer` (PL/pgSQL since migration 0043) keeps its statements' plans per connection.
/// A rebuild replaces the tables those plans read (`ip_asset_parties`,
/// `directory_agreement_parties`); the connections that cached plans before must read the new
/// tables after, and answer every kind of key exactly as before.
@Suite struct IPAssetViewerRebuildTests {
    @Test func everyKeyReadsTheSameAnswerAfterTheTablesTheRuleReadsAreRebuilt() async throws {
        try await APITestApp.run("ip_viewer_rebuild") { app in
            let world = try await IPAssetStoredAnswerTests.history(app)
            // An asset that has a party to it and a party to its agreement with no part in it.
            let asset = try #require(world.assets.first { asset in
                let parties = world.assetParties[asset.stream] ?? []
                return !parties.isEmpty && (world.agreementParties[asset.agreement] ?? []).contains { !parties.contains($0) }
            })
            let parties = world.assetParties[asset.stream] ?? []
            let agreementOnly = try #require((world.agreementParties[asset.agreement] ?? []).first { !parties.contains($0) })
            let outsider = try #require(world.parties.first { !parties.contains($0) && !(world.agreementParties[asset.agreement] ?? []).contains($0) })
            let keys = [
                try await app.admin(), try await app.key(.company, party: parties[0]), try await app.key(.company, party: agreementOnly),
                try await app.key(.company, party: outsider),
            ]
            // Several requests per key, spread over the pool's connections, so that connections have
            // cached the function's plans (custom or, past five runs, generic) before the rebuild.
            var before: [String] = []
            for _ in 0..<8 {
                before = []
                for key in keys {
                    before.append(try await Self.answer(app, asset.id, key))
                }
            }
            #expect(before.map { $0.prefix(3) } == ["200", "200", "200", "404"])

            let projections = ["directory", "ip_assets"]
            let swapped = try await app.rebuildAndWaitForSwap(projections)
            #expect(swapped == projections.count, "the rebuilds did not swap in within 60 s")

            for _ in 0..<8 {
                var after: [String] = []
                for key in keys {
                    after.append(try await Self.answer(app, asset.id, key))
                }
                #expect(after == before)
            }
        }
    }

    /// The status, and the body of a 200 (a problem's body carries the request's own id).
    static func answer(_ app: APITestApp, _ asset: String, _ key: String) async throws -> String {
        let answer = try await app.get("/v1/ip-assets/\(asset)", key: key)
        return answer.status == .ok ? "200 \(answer.text)" : "\(answer.status.code)"
    }
}
