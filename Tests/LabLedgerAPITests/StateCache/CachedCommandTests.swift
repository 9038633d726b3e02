import EventStore
import Foundation
import LabLedgerAPI
import Testing

/// Commands that start from the cached state of a stream, on real PostgreSQL.
@Suite struct CachedCommandTests {
    static let stream = "commitment-\(MILab.stipends)"
    static let path = "/v1/commitments/\(MILab.stipends)/disbursements"
    static let small = #"{"currency": "CNY", "amount": "100.00"}"#

    @Test func aCommandAfterAnotherWritersAppendDecidesOnTheNewState() async throws {
        try await APITestApp.run("cache_other_writer", workers: false) { app in
            let admin = try await app.admin()
            try await app.commitMIStipends(admin)
            let tencent = try await app.key(.company, party: "tencent")
            #expect(try await app.post(Self.path, key: tencent, json: MILab.disbursement("TC-1", amount: Self.small)).status == .ok)
            #expect(try await app.post(Self.path, key: tencent, json: MILab.disbursement("TC-2", amount: Self.small)).status == .ok)
            #expect(app.shared.states.statistics.hits > 0)
            // Another process (here the store directly, which this API's cache never sees)
            // records a disbursement with a new reference.
            let last = try #require(try await app.store.readStream(Self.stream, from: 3).first)
            let data = String(decoding: last.data, as: UTF8.self).replacingOccurrences(of: "TC-2", with: "TC-OTHER")
            _ = try await app.store.append(to: Self.stream, expected: .exact(3), [EventData(type: last.type, data: Data(data.utf8))])
            let duplicate = try await app.post(Self.path, key: tencent, json: MILab.disbursement("TC-OTHER", amount: Self.small))
            #expect(duplicate.code == "funding.duplicate-disbursement-reference", "\(duplicate.text)")
            let next = try await app.post(Self.path, key: tencent, json: MILab.disbursement("TC-3", amount: Self.small))
            #expect(next.etag == "\"5\"")
        }
    }

    @Test func aLongStreamsNextCommandReadsOnlyTheEventsSinceTheCachedState() async throws {
        try await APITestApp.run("cache_long_stream", workers: false) { app in
            let (tencent, length) = try await Self.longCommitment(app, disbursements: 60)
            let before = app.shared.states.statistics
            let paid = try await app.post(Self.path, key: tencent, json: MILab.disbursement("TC-last", amount: Self.small))
            #expect(paid.etag == "\"\(length + 1)\"")
            let after = app.shared.states.statistics
            // The commitment's last disbursement is the one event since the cached state; the
            // other streams the command reads (its parties) are cached and unchanged.
            #expect(after.eventsRead - before.eventsRead <= 2)
            #expect(after.hits > before.hits)
        }
    }

    @Test func withoutTheCacheEveryCommandFoldsTheWholeStream() async throws {
        var options = APIOptions()
        options.stateCacheEntries = 0
        try await APITestApp.run("cache_off", workers: false, options: options) { app in
            let (tencent, length) = try await Self.longCommitment(app, disbursements: 60)
            let before = app.shared.states.statistics
            #expect(try await app.post(Self.path, key: tencent, json: MILab.disbursement("TC-last", amount: Self.small)).status == .ok)
            #expect(app.shared.states.statistics.eventsRead - before.eventsRead >= length)
            #expect(app.shared.states.statistics.hits == 0)
        }
    }

    /// The MI lab's stipend commitment with `disbursements` small disbursements: Tencent's key and the stream's length.
    static func longCommitment(_ app: APITestApp, disbursements: Int) async throws -> (key: String, length: Int) {
        let admin = try await app.admin()
        try await app.commitMIStipends(admin)
        let tencent = try await app.key(.company, party: "tencent")
        for index in 1...disbursements {
            let paid = try await app.post(Self.path, key: tencent, json: MILab.disbursement("TC-\(index)", amount: Self.small))
            try #require(paid.status == .ok, "\(paid.text)")
        }
        return (tencent, disbursements + 1)
    }
}
