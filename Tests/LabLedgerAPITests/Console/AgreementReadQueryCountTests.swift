import Foundation
import LabLedgerAPI
import LabLedgerContract
import LabLedgerDomain
import Testing
import TestSupport

/// The lab page's agreements, counted where the console calls them (`InProcessAPI.read`, as
/// `Console.page` does, inside `QueryCount.counting`): a lab's page of agreements and a single
/// agreement are one statement each, their parties read in the same statement. Before, the list
/// sent three (the page's keys, the agreements, their parties) and the single read two.
@Suite struct AgreementReadQueryCountTests {
    @Test func aLabsAgreementsAndOneAgreementAreOneStatementEachWithTheirParties() async throws {
        try await APITestApp.run("agreement_read_count") { app in
            let story = try await IPAssetStory.begin(app, disclosed: false)
            let drafted = try await app.post(
                "/v1/labs/\(story.lab)/agreements", key: story.admin,
                json: ConsoleQueryCountHTTPTests.agreement("sra-1", drafted: "2019-01-01"))
            try story.expectOK(drafted)
            let signed = try await app.post("/v1/agreements/sra-1/signatures", key: story.admin, json: """
                {"party": "tencent", "signatory": "tencent-signatory-2", "signatoryTitle": "Director", "signedOn": "2019-02-01",
                 "person": {"name": "Example Signatory"}}
                """)
            try story.expectOK(signed)
            try await app.waitForReadModels(try #require(signed.position))

            let api = InProcessAPI(store: app.store, keys: app.keys, options: APIOptions(), shared: app.shared, logger: TestCluster.logger)
            let principals = [
                try await app.keys.create(role: .operator, party: nil, label: "test").principal,
                try await app.keys.create(role: .company, party: try PartyID(parsing: "tencent"), label: "test").principal,
            ]
            for principal in principals {
                let (listed, listQueries) = try await QueryCount.counting {
                    try await api.read(as: principal, requestID: "count-list") {
                        try await $0.listLabAgreements(.init(path: .init(labId: story.lab), query: .init(limit: 200)))
                    }.ok.body.json
                }
                #expect(listQueries == 1, "\(principal.role): the lab's agreements took \(listQueries) statements")
                #expect(listed.items.map(\.agreement) == [story.agreement, "sra-1"], "\(principal.role)")
                let sra = try #require(listed.items.last)
                #expect(sra.parties.map(\.party) == ["tencent", "cuhk-shenzhen"])
                #expect(sra.parties.map(\.signedOn) == ["2019-02-01", nil])

                let (single, singleQueries) = try await QueryCount.counting {
                    try await api.read(as: principal, requestID: "count-one") {
                        try await $0.getAgreement(.init(path: .init(agreementId: "sra-1")))
                    }.ok.body.json
                }
                #expect(singleQueries == 1, "\(principal.role): one agreement took \(singleQueries) statements")
                #expect(single == sra, "the listed agreement is what the single read answers")
            }
        }
    }
}
