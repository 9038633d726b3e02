import Foundation
import HTTPTypes
import Testing
@testable import LabLedgerAPI

/// A request in, or asking for, a media type the operation does not speak gets a problem+json
/// naming it, not a 500 or a body in the wrong type.
@Suite struct MediaTypeTests {
    @Test func anAcceptHeaderTheOperationCannotAnswerIsANotAcceptableProblem() async throws {
        try await APITestApp.run("media_types", workers: false) { app in
            let admin = try await app.admin()
            let refused = try await app.get("/v1/events", key: admin, headers: [.accept: "text/csv"])
            #expect(refused.status == .notAcceptable, "\(refused.text)")
            #expect(refused.headers[.contentType] == "application/problem+json")
            #expect(refused.json["code"] as? String == "not-acceptable")
            let json = try await app.get("/v1/events", key: admin, headers: [.accept: "application/json"])
            #expect(json.status == .ok)
        }
    }

    @Test func aBodyInAnotherMediaTypeIsAnUnsupportedMediaTypeProblem() async throws {
        try await APITestApp.run("media_types_body", workers: false) { app in
            let admin = try await app.admin()
            let refused = try await app.send(
                .post, "/v1/parties", key: admin, body: #"{"party": "x"}"#, headers: [.contentType: "text/plain"])
            #expect(refused.status == .unsupportedMediaType, "\(refused.text)")
            #expect(refused.json["code"] as? String == "unsupported-media-type")
            #expect(try await app.store.headPosition() == 0, "nothing was written")
        }
    }

    @Test func aCommandWhoseAcceptAdmitsNoJSONIsRefusedBeforeItRuns() async throws {
        try await APITestApp.run("media_types_command", workers: false) { app in
            let admin = try await app.admin()
            let party = #"{"party":"cuhk-shenzhen","name":"The Chinese University of Hong Kong, Shenzhen","kind":"university","country":"CN"}"#
            for accept in ["text/csv", "application/json;q=0, text/html", "application/problem+json", "foo, application/json"] {
                let refused = try await app.send(.post, "/v1/parties", key: admin, body: party, headers: [.accept: accept, .contentType: "application/json"])
                #expect(refused.status == .notAcceptable, "\(accept): \(refused.text)")
                #expect(refused.json["code"] as? String == "not-acceptable")
            }
            #expect(try await app.store.headPosition() == 0, "nothing was written")
            let created = try await app.send(.post, "/v1/parties", key: admin, body: party, headers: [.accept: "application/*", .contentType: "application/json"])
            #expect(created.status == .created, "\(created.text)")
        }
    }

    @Test(arguments: [
        ("application/json", true), ("*/*", true), ("application/*", true), ("text/html, application/json;q=0.5", true),
        ("APPLICATION/JSON", true), ("", true), ("text/csv", false), ("application/json;q=0", false), ("application/xml, text/*", false),
        ("application/problem+json", false), ("text/html, application/problem+json;q=0.5", false), ("foo, application/json", false),
        ("application/json, foo", true), ("application/, application/json", false), ("*/json", false), ("a/b/c", false),
    ])
    func whatAnAcceptHeaderAdmits(header: String, admitsJSON: Bool) {
        #expect(AcceptHeader.admitsJSONAnswer(header) == admitsJSON)
    }
}
