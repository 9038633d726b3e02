import EventStore
import Foundation
import HTTPTypes
import LabLedgerAPI
import LabLedgerProjections
import LabLedgerReadModels
import Testing
import TestSupport

/// Queries sent with a command's `LabLedger-Position` on real PostgreSQL: they answer with the
/// write, and their wait is ended by the projection's commit (its NOTIFY), not by a timer.
@Suite struct ReadYourWritesTests {
    static let position = HTTPField.Name("LabLedger-Position")!

    @Test func aQueryWithAFreshTokenAnswersWithTheWrite() async throws {
        try await APITestApp.run("ryw_fresh") { app in
            let admin = try await app.admin()
            for index in 0..<5 {
                let created = try await app.post(
                    "/v1/parties", key: admin, json: #"{"party":"p-\#(index)","name":"Party \#(index)","kind":"company","country":"CN"}"#)
                let token = try #require(created.position)
                let read = try await app.get("/v1/parties/p-\(index)", key: admin, headers: [Self.position: token])
                #expect(read.status == .ok, "\(read.text)")
                #expect(read.json["name"] as? String == "Party \(index)")
            }
            // A query that reads two projections, one of which (directory) reads none of the
            // command's events: it answers once the other has applied them and directory has
            // moved past them.
            let tencent = try await app.key(.company, party: "tencent")
            try await app.commitMIStipends(admin)
            for index in 1...3 {
                let paid = try await app.post(
                    "/v1/commitments/\(MILab.stipends)/disbursements", key: tencent,
                    json: MILab.disbursement("TC-\(index)", amount: #"{"currency": "CNY", "amount": "100.00"}"#))
                #expect(paid.status == .ok, "\(paid.text)")
                let token = try #require(paid.position)
                let read = try await app.get("/v1/commitments/\(MILab.stipends)", key: tencent, headers: [Self.position: token])
                #expect(read.status == .ok, "\(read.text)")
                #expect((read.json["disbursements"] as? [Any])?.count == index)
            }
        }
    }

    @Test func aWaitEndsWhenTheProjectionCommitsAndIsWokenByItsNotice() async throws {
        var options = APIOptions()
        // The safety re-check must not be what wakes the query here.
        options.positionRecheckInterval = .seconds(3_600)
        options.maxPositionWait = .seconds(60)
        try await APITestApp.run("ryw_notice", workers: false, options: options) { app in
            let positions = app.shared.positions
            try await Self.eventually("the checkpoint listener connects") { positions.isLive }
            let admin = try await app.admin()
            let created = try await app.post("/v1/parties", key: admin, json: #"{"party":"waits","name":"Waits","kind":"company","country":"CN"}"#)
            let token = try #require(created.position)
            async let read = app.get("/v1/parties/waits", key: admin, headers: [Self.position: token])
            // No worker runs yet: the query can only wait.
            try await Self.eventually("the query waits") { positions.statistics.waiting == 1 }
            let worker = ProjectionWorker(
                projectors: ReadModels.all.map(StreamProjector.init), store: app.store, logger: TestCluster.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            let answer = try await read
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer.json["name"] as? String == "Waits")
            let statistics = positions.statistics
            #expect(statistics.wokenByNotification == 1)
            #expect(statistics.wokenByRecheck == 0)
            #expect(statistics.timedOut == 0)
            #expect(statistics.waiting == 0)
        }
    }

    @Test func aWaitThatNoProjectionEndsIsRefusedWith503AfterItsBound() async throws {
        var options = APIOptions()
        options.maxPositionWait = .milliseconds(50)
        try await APITestApp.run("ryw_bound", workers: false, options: options) { app in
            let admin = try await app.admin()
            let created = try await app.post("/v1/parties", key: admin, json: #"{"party":"never","name":"Never","kind":"company","country":"CN"}"#)
            let answer = try await app.get("/v1/parties/never", key: admin, headers: [Self.position: try #require(created.position)])
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.code == "read-model-lagging")
            #expect(answer.headers[.retryAfter] == "1")
        }
    }

    /// Polls `condition` (a test's own wait, up to 30 s; nothing is timed).
    static func eventually(_ what: String, _ condition: () -> Bool) async throws {
        for _ in 0..<3_000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw APITestError("\(what) did not happen within 30 s")
    }
}
