import Foundation
import HTTPTypes
import Testing

/// A party key that may not see a resource must not learn that it exists: for every operation
/// taking a path id, its answer on another party's existing resource equals its answer on a
/// missing resource of the same shape — status, headers (apart from X-Request-Id, Date and
/// Content-Length) and body with the id normalised (apart from the problem's `instance` and
/// `requestId`), with and without `If-Match` on commands.
@Suite struct ExistenceLeakTests {
    /// Operations where an uninvolved party is allowed by rule, so existence is not a secret
    /// from it: the directory of organisations, and rounds any company may apply to.
    static let openToEveryParty: Set<String> = ["getParty", "applyToRound"]

    @Test func aNonPartyKeyGetsTheSameAnswerForAnotherPartysResourceAsForAMissingOne() async throws {
        try await APITestApp.run("authz_existence") { app in
            let world = try await MatrixWorld.build(app)
            try await app.waitForReadModels(world.position)
            var compared = 0
            for row in MatrixTable.rows where row.template.contains("{") && !Self.openToEveryParty.contains(row.operationID) {
                for role in [MatrixRole.universityUninvolved, .companyUninvolved] {
                    let path = row.path(role)
                    let (id, missingPath) = try Self.missing(row, path)
                    let conditions: [String?] = row.method == .post ? [nil, "\"1\"", "\"0\"", "\"7\""] : [nil]
                    for condition in conditions {
                        var headers: HTTPFields = [:]
                        if let condition { headers[.ifMatch] = condition }
                        let body = row.body?(role)
                        let foreign = try await app.send(row.method, path, key: world.key(role), body: body, headers: headers)
                        let absent = try await app.send(row.method, missingPath, key: world.key(role), body: body, headers: headers)
                        let label = "\(row.operationID) as \(role)\(condition.map { " with If-Match \($0)" } ?? "")"
                        #expect(
                            foreign.status == absent.status,
                            "\(label): \(foreign.status.code) on the existing resource, \(absent.status.code) on a missing one")
                        #expect(
                            Self.headers(foreign) == Self.headers(absent),
                            "\(label): headers \(Self.headers(foreign)) on the existing resource, \(Self.headers(absent)) on a missing one")
                        let (seen, unseen) = (Self.normalised(foreign, id: id), Self.normalised(absent, id: "zz" + id.dropFirst(2)))
                        #expect(seen == unseen, "\(label): body\n  \(seen)\n  on the existing resource, on a missing one\n  \(unseen)")
                        compared += 1
                    }
                }
            }
            #expect(compared > 150, "compared \(compared) answers")
        }
    }

    /// The other side of the rule: a key that may act on a stream still learns from a stale
    /// `If-Match` where the stream is (412 with its `ETag`), also where the command would be
    /// refused on the merits (a 422 yields to the 412). Each command of the contract, as a keeper
    /// and as the involved parties it allows.
    @Test func aKeyThatMayActOnTheStreamGetsTheMismatchWithTheCurrentVersion() async throws {
        try await APITestApp.run("authz_if_match") { app in
            let world = try await MatrixWorld.build(app)
            var compared = 0
            // Erasing a person is no command on a stream's version: its contract takes no If-Match.
            for row in MatrixTable.rows where row.method == .post && row.operationID != "erasePerson" {
                for role in [MatrixRole.admin, .universityInvolved, .companyInvolved] where row.expect(role) == .allowed {
                    let answer = try await app.send(
                        row.method, row.path(role), key: world.key(role), body: row.body?(role), headers: [.ifMatch: "\"999\""])
                    #expect(answer.status == .preconditionFailed, "\(row.operationID) as \(role): \(answer.status.code) \(answer.text.prefix(300))")
                    #expect(answer.code == "version-mismatch", "\(row.operationID) as \(role)")
                    let version = try #require(answer.etag.flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) })
                    #expect(version >= 0 && version != 999, "\(row.operationID) as \(role): ETag \(answer.etag ?? "none")")
                    compared += 1
                }
            }
            #expect(compared > 60, "compared \(compared) answers")
        }
    }

    /// The id of the row's first path parameter in `path`, and `path` with that id replaced by
    /// one of the same length that names nothing ("zz" for its first two characters).
    static func missing(_ row: MatrixRow, _ path: String) throws -> (id: String, path: String) {
        let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var segments = parts[0].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let template = row.template.split(separator: "/", omittingEmptySubsequences: false)
        guard let index = template.firstIndex(where: { $0.hasPrefix("{") }), index < segments.count else {
            throw APITestError("\(row.operationID): no path id in \(path)")
        }
        let id = segments[index]
        segments[index] = "zz" + id.dropFirst(2)
        let missingPath = segments.joined(separator: "/") + (parts.count > 1 ? "?" + parts[1] : "")
        return (id, missingPath)
    }

    /// Every response header but those that differ between any two requests.
    static func headers(_ response: APIResponse) -> [String] {
        let volatile: Set<String> = ["x-request-id", "date", "content-length"]
        return response.headers.filter { !volatile.contains($0.name.canonicalName) }
            .map { "\($0.name.canonicalName): \($0.value)" }.sorted()
    }

    /// The body as canonical JSON text, with the problem's `instance` and `requestId` removed
    /// and `id` replaced by `{id}` wherever it appears.
    static func normalised(_ response: APIResponse, id: String) -> String {
        guard var object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] else {
            return response.text.replacingOccurrences(of: id, with: "{id}")
        }
        object["instance"] = nil
        object["requestId"] = nil
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return response.text
        }
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: id, with: "{id}")
    }
}
