import Foundation
import HTTPTypes
import LabLedgerAPI
import Testing

/// The Machine Intelligence Joint Lab story end to end through the API, each step with the key
/// the rules give it, and an auditor who replays the whole history afterwards.
@Suite struct EndToEndScenarioTests {
    /// One command of the story: who sent it and the events it answered with (claims on
    /// other streams, such as a DOI's, included).
    struct Step {
        var what: String
        var actor: String
        var onBehalfOf: String?
        var events: [(position: Int, type: String, stream: String)]
    }

    @Test func anInventionGoesFromPaperToExclusiveLicenceAndTheAuditorSeesEveryStepInOrderWithItsActor() async throws {
        try await APITestApp.run("e2e_story") { app in
            let admin = try await app.key(.admin)
            let operatorKey = try await app.key(.operator)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let tencent = try await app.key(.company, party: "tencent")
            let jd = try await app.key(.company, party: "jd")
            let auditor = try await app.key(.auditor)
            var steps: [Step] = []

            func step(_ what: String, _ key: String, party: String?, _ path: String, _ json: String) async throws -> APIResponse {
                let response = try await app.post(path, key: key, json: json)
                guard response.status == .ok || response.status == .created else {
                    throw APITestError("\(what) answered \(response.status.code): \(response.text)")
                }
                let role = try #require(Self.role(of: key, among: [admin: "admin", operatorKey: "operator", cuhk: "university", tencent: "company"]))
                let keyID = try #require(APIKey(parsing: key)?.keyID)
                let events = ((response.json["events"] as? [[String: Any]]) ?? []).compactMap { event -> (Int, String, String)? in
                    guard let position = event["position"] as? Int, let type = event["type"] as? String, let stream = event["stream"] as? String
                    else { return nil }
                    return (position, type, stream)
                }
                steps.append(Step(what: what, actor: "\(role):\(keyID)", onBehalfOf: party, events: events))
                return response
            }

            // The ledger's keepers register the parties, found the lab and draft its agreement.
            for (party, name, kind) in [
                ("tencent", "Tencent", "company"), ("cuhk-shenzhen", "The Chinese University of Hong Kong, Shenzhen", "university"),
                ("jd", "JD.com", "company"),
            ] {
                _ = try await step("register \(party)", admin, party: nil, "/v1/parties", #"{"party": "\#(party)", "name": "\#(name)", "kind": "\#(kind)", "country": "CN"}"#)
            }
            _ = try await step("found the lab", operatorKey, party: nil, "/v1/labs", """
                {"lab": "tencent-cuhksz-mi-lab", "name": "Machine Intelligence Joint Lab", "foundedOn": "2018-06-12",
                 "founders": [{"party": "tencent", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"}],
                 "researchAreas": ["machine learning", "computer vision", "natural language processing"]}
                """)
            _ = try await step("draft the agreement", operatorKey, party: nil, "/v1/labs/tencent-cuhksz-mi-lab/agreements",
                               MatrixWorld.agreement("tencent-cuhksz-2018", university: "cuhk-shenzhen", company: "tencent"))
            // Each party signs for itself.
            _ = try await step("CUHK-Shenzhen signs", cuhk, party: "cuhk-shenzhen", "/v1/agreements/tencent-cuhksz-2018/signatures", MatrixWorld.signature("cuhk-shenzhen"))
            _ = try await step("Tencent signs", tencent, party: "tencent", "/v1/agreements/tencent-cuhksz-2018/signatures", MatrixWorld.signature("tencent"))

            // The university logs the paper and discloses the invention it describes.
            _ = try await step("CUHK-Shenzhen logs the paper", cuhk, party: "cuhk-shenzhen", "/v1/labs/tencent-cuhksz-mi-lab/outputs", """
                {"output": "mi-lab-paper-2019-014", "kind": "paper", "title": "Self-Supervised Speech Representations for Low-Resource ASR",
                 "doi": "10.5555/interspeech.2019.0142", "date": "2019-03-01", "affiliations": ["cuhk-shenzhen", "tencent"],
                 "agreement": "tencent-cuhksz-2018",
                 "contributors": [{"orcid": "0000-0002-1825-0097", "creditRoles": ["conceptualization", "methodology"]},
                                  {"orcid": "0000-0001-5109-3700", "creditRoles": ["supervision"]}]}
                """)
            _ = try await step("CUHK-Shenzhen discloses the invention", cuhk, party: "cuhk-shenzhen", "/v1/labs/tencent-cuhksz-mi-lab/ip-assets", """
                {"asset": "mi-lab-2019-001", "agreement": "tencent-cuhksz-2018",
                 "title": "Self-supervised pre-training for low-resource speech recognition",
                 "inventors": [{"orcid": "0000-0002-1825-0097", "shareBasisPoints": 6000}, {"orcid": "0000-0001-5109-3700", "shareBasisPoints": 4000}],
                 "fromOutputs": ["mi-lab-paper-2019-014"], "disclosedOn": "2019-03-18"}
                """)
            // Ownership and the sponsor's option are the keepers' to record (the agreement's IP terms).
            _ = try await step("ownership determined", operatorKey, party: nil, "/v1/ip-assets/mi-lab-2019-001/ownership", """
                {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 5000}], "determinedOn": "2019-04-02"}
                """)
            _ = try await step("option granted to Tencent", operatorKey, party: nil, "/v1/ip-assets/mi-lab-2019-001/options", """
                {"sponsor": "tencent", "fields": ["speech-recognition"], "grantedOn": "2019-04-10", "expiresOn": "2019-09-14"}
                """)
            // The company exercises its option; the lab operator records the exclusive licence
            // the co-owners signed (CUHK-Shenzhen licensing, Tencent consenting in writing): a
            // party key speaks only for its own party.
            _ = try await step("Tencent exercises its option", tencent, party: "tencent", "/v1/ip-assets/mi-lab-2019-001/options/1/exercise",
                               #"{"by": "tencent", "exercisedOn": "2019-06-01"}"#)
            let licence = try await step("CUHK-Shenzhen licenses Tencent exclusively", operatorKey, party: nil, "/v1/ip-assets/mi-lab-2019-001/licences", """
                {"licence": "tencent-asr-world", "licensee": "tencent", "licensors": ["cuhk-shenzhen"], "consents": ["tencent"],
                 "exclusivity": "exclusive", "fields": ["speech-recognition"], "territories": ["WORLD"],
                 "term": {"from": "2019-07-01", "to": "2029-07-01"}, "sublicensable": false,
                 "royalty": {"rateBasisPoints": 300, "minimumAnnual": {"currency": "CNY", "amount": "200000.00"}}, "grantedOn": "2019-06-20"}
                """)
            let licenceEvents = steps.last?.events.map(\.type) ?? []
            #expect(licenceEvents == ["LicenceGranted"], "\(licence.text)")
            try await app.waitForReadModels(try #require(licence.position))

            // JD, a party to none of it, cannot even see the asset: its availability question is a 404.
            let slice = "/v1/ip-assets/mi-lab-2019-001/availability?field=speech-recognition&territory=CN&on=2021-01-01&exclusive=true&licensee=jd"
            let asked = try await app.get(slice, key: jd)
            #expect(asked.status == .notFound, "JD's availability question: \(asked.status.code) \(asked.text)")
            #expect(asked.code == "not-found", "\(asked.text)")
            let jdAssets = try await app.get("/v1/ip-assets", key: jd)
            #expect(jdAssets.status == .ok)
            #expect(AuthorizationMatrixTests.ids(jdAssets).isEmpty, "JD lists \(jdAssets.text)")
            // The keepers see the slice is taken, exclusively or not, for JD or anyone.
            for (query, who) in [(slice, "admin"), (slice.replacingOccurrences(of: "&exclusive=true", with: ""), "admin, non-exclusive")] {
                let answer = try await app.get(query, key: admin)
                #expect(answer.status == .ok, "\(who): \(answer.text)")
                #expect(answer.json["available"] as? Bool == false, "\(who): \(answer.text)")
                #expect(!((answer.json["reasons"] as? [Any]) ?? []).isEmpty, "\(who) is told why: \(answer.text)")
            }
            let tencentAsks = try await app.get(slice.replacingOccurrences(of: "&licensee=jd", with: ""), key: tencent)
            #expect(tencentAsks.status == .ok && tencentAsks.json["available"] as? Bool == false, "Tencent sees its own slice taken: \(tencentAsks.text)")
            // Even a keeper cannot license JD inside the exclusive slice: the domain refuses it.
            let intrusion = try await app.post("/v1/ip-assets/mi-lab-2019-001/licences", key: admin, json: """
                {"licence": "jd-asr-cn", "licensee": "jd", "licensors": ["cuhk-shenzhen"], "exclusivity": "non_exclusive",
                 "fields": ["speech-recognition"], "territories": ["CN"], "term": {"from": "2020-01-01", "to": "2022-01-01"},
                 "royalty": {"rateBasisPoints": 200, "minimumAnnual": {"currency": "CNY", "amount": "100000.00"}}, "grantedOn": "2019-12-01"}
                """)
            #expect(intrusion.status == .unprocessableContent, "\(intrusion.text)")
            #expect(intrusion.code?.hasPrefix("ipasset.") == true, "\(intrusion.text)")
            // Refusals write nothing, and JD's key never wrote at all.

            // The auditor pages through the whole history, three events a page (once the gap-safe
            // history shows the last step: the watermark is shared with tests running beside).
            try await app.waitForHistory(try #require(licence.position))
            var pages: [[String: Any]] = []
            var after: String?
            var pageCount = 0
            repeat {
                let path = "/v1/events?limit=3" + (after.map { "&after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? "")
                let page = try await app.get(path, key: auditor)
                try #require(page.status == .ok, "\(path): \(page.text)")
                let items = (page.json["items"] as? [[String: Any]]) ?? []
                #expect(items.count <= 3)
                pages += items
                after = page.json["next"] as? String
                pageCount += 1
            } while after != nil && pageCount < 100
            #expect(pageCount >= 4, "paged in \(pageCount) pages of three")

            var ndjson: HTTPFields = [:]
            ndjson[.accept] = "application/x-ndjson"
            let streamed = try await app.get("/v1/events", key: auditor, headers: ndjson)
            #expect(streamed.status == .ok)
            #expect(streamed.headers[.contentType]?.hasPrefix("application/x-ndjson") == true, "\(streamed.headers)")
            let lines = streamed.text.split(separator: "\n").map { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
            }

            for (name, history) in [("JSON pages", pages), ("ndjson", lines)] {
                // Every event the story's commands answered with, in the order they were written.
                let expected = steps.flatMap { step in step.events.map { (step, $0) } }
                let byPosition = Dictionary(history.compactMap { event in (event["position"] as? Int).map { ($0, event) } }, uniquingKeysWith: { a, _ in a })
                let positions = history.compactMap { $0["position"] as? Int }
                #expect(positions == positions.sorted(), "\(name): history out of order")
                #expect(history.count >= expected.count, "\(name): \(history.count) events for \(expected.count) answered")
                var last = 0
                for (step, event) in expected {
                    guard let recorded = byPosition[event.position] else {
                        Issue.record("\(name): \(step.what) — \(event.type) at \(event.position) is not in the history")
                        continue
                    }
                    #expect(event.position > last, "\(name): \(step.what) out of order")
                    last = event.position
                    #expect(recorded["type"] as? String == event.type, "\(name): \(step.what)")
                    #expect(recorded["stream"] as? String == event.stream, "\(name): \(step.what)")
                    let metadata = recorded["metadata"] as? [String: Any] ?? [:]
                    #expect(metadata["actor"] as? String == step.actor, "\(name): \(step.what) by \(metadata["actor"] ?? "nobody"), expected \(step.actor)")
                    #expect(metadata["onBehalfOf"] as? String == step.onBehalfOf, "\(name): \(step.what) on behalf of \(metadata["onBehalfOf"] ?? "nobody")")
                }
                // Every event in the history was answered by the command that wrote it: the
                // answers leave nothing out (a DOI claim included).
                #expect(Set(positions) == Set(expected.map(\.1.position)), "\(name): events in the history no command answered with")
                let types = history.compactMap { $0["type"] as? String }
                for type in ["LabFounded", "AgreementDrafted", "AgreementSigned", "OutputRegistered", "InventionDisclosed", "OwnershipDetermined",
                             "OptionGranted", "OptionExercised", "LicenceGranted"] {
                    #expect(types.contains(type), "\(name): no \(type) in \(types)")
                }
            }
            #expect(pages.count == lines.count, "JSON pages \(pages.count) events, ndjson \(lines.count)")
            #expect(pages.compactMap { $0["position"] as? Int } == lines.compactMap { $0["position"] as? Int })
        }
    }

    static func role(of key: String, among roles: [String: String]) -> String? { roles[key] }
}
