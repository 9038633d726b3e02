import EventStore
import Foundation
import LabLedgerAPI
import LabLedgerDemo
import Testing
import TestSupport

/// A command reads other streams to decide (the lab, the agreement), and those name people with
/// their details; deciding shows them to no one, so it writes no access-log entry for them.
@Suite struct CommandAccessLogTests {
    @Test(.hangGuard)
    func awardingAStudentshipLogsNoReadOfTheAgreementsSignatories() async throws {
        try await APITestApp.run("command_access_log", workers: false, personKEK: true) { app in
            _ = try await Demo.load(store: app.store, keys: app.keys, options: APIOptions(), logger: TestCluster.logger)
            let auditor = try await app.key(.auditor)
            let signatories = ["cuhksz-vice-president-research", "tencent-ai-lab-director"]
            var before: [String: Int] = [:]
            for person in signatories { before[person] = try await Self.entries(app, person, auditor).count }

            let university = try await app.key(.university, party: "cuhk-shenzhen")
            let awarded = try await app.post("/v1/labs/tencent-cuhksz-mi-lab/studentships", key: university, json: #"""
                {"placement": "mi-lab-phd-2018-009", "agreement": "tencent-cuhksz-2018", "student": "mi-lab-student-2018-009",
                 "degreeGrantor": "cuhk-shenzhen", "sponsor": "tencent",
                 "stipend": {"monthly": {"currency": "CNY", "amount": "15000.00"}, "commitment": "tencent-phd-stipends-2018"},
                 "period": {"from": "2018-09-01", "to": "2022-09-01"}, "awardedOn": "2018-07-15",
                 "person": {"name": "Another Student", "email": "another@link.cuhk.example.edu.cn"}}
                """#)
            #expect(awarded.status == .created, "\(awarded.text)")

            for person in signatories {
                let entries = try await Self.entries(app, person, auditor)
                #expect(Array(entries.dropFirst(before[person] ?? 0)) == [], "\(person)")
            }
        }
    }

    static func entries(_ app: APITestApp, _ person: String, _ auditor: String) async throws -> [String] {
        let log = try await app.get("/v1/admin/people/\(person)/access-log", key: auditor)
        #expect(log.status == .ok, "\(log.text)")
        return (log.json["items"] as? [[String: Any]] ?? []).compactMap { $0["operation"] as? String }
    }
}
