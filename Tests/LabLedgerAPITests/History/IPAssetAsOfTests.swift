import EventStore
import Foundation
import Testing
import TestSupport

/// GET /v1/ip-assets/{id}?asOf=…: the asset folded by the read model's own fold up to a point.
@Suite struct IPAssetAsOfTests {
    @Test func asOfTheHeadEqualsTheCurrentAnswerAndAnEarlierPointTheAssetAsItStoodThen() async throws {
        try await APITestApp.run("ipasset_as_of") { app in
            let story = try await IPAssetStory.begin(app, owned: false)
            let owned = try await story.determineOwnership()
            try await app.waitForReadModels(try #require(owned.json["position"] as? String))
            let current = try await app.get(story.assetPath, key: story.admin)
            #expect(current.status == .ok)
            let head = try await app.store.headPosition()
            let asOfHead = try await app.get("\(story.assetPath)?asOf=position:\(head)", key: story.admin)
            #expect(asOfHead.status == .ok)
            #expect(asOfHead.sortedJSON == current.sortedJSON, "asOf now is the current answer")
            #expect(asOfHead.headers[.eTag] == current.headers[.eTag])

            let events = try await app.store.readStream("ipasset-\(story.asset)", from: 1, limit: 10)
            let disclosed = try #require(events.first).globalPosition
            let then = try await app.get("\(story.assetPath)?asOf=position:\(disclosed)", key: story.admin)
            #expect(then.status == .ok)
            #expect((then.json["version"] as? NSNumber)?.intValue == 1)
            #expect(then.json["ownershipDeterminedOn"] == nil)
            #expect((current.json["owners"] as? [Any])?.count == 2)

            let before = try await app.get("\(story.assetPath)?asOf=position:\(disclosed - 1)", key: story.admin)
            #expect(before.status == .notFound, "no event of the asset by then")
        }
    }

    @Test func asOfKeepsTheVisibilityOfTheCurrentAnswerAndRefusesBadPoints() async throws {
        try await APITestApp.run("ipasset_as_of_access") { app in
            let story = try await IPAssetStory.begin(app, owned: false)
            let owned = try await story.determineOwnership()
            try await app.waitForReadModels(try #require(owned.json["position"] as? String))
            let outsider = try await app.key(.company, party: "alibaba")
            let hidden = try await app.get("\(story.assetPath)?asOf=position:1", key: outsider)
            let missing = try await app.get("/v1/ip-assets/no-such-asset?asOf=position:1", key: outsider)
            #expect(hidden.status == .notFound)
            #expect(hidden.json["detail"] as? String == (missing.json["detail"] as? String)?.replacingOccurrences(of: "no-such-asset", with: story.asset))
            let owner = try await app.key(.company, party: "tencent")
            let head = try await app.store.headPosition()
            #expect(try await app.get("\(story.assetPath)?asOf=position:\(head)", key: owner).status == .ok)

            let bad = try await app.get("\(story.assetPath)?asOf=2019-13-01&axis=both", key: story.admin)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.pointers) == ["#query/asOf", "#query/axis"])
        }
    }
}
