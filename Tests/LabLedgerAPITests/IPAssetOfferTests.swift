import Foundation
import HTTPTypes
import Testing

/// A lab's owners offer an invention for licensing; a company with no part in it finds it in the
/// public listing and asks whether it could license a field in a territory on a day, learning
/// that much and nothing of the owners' or licensees' business.
@Suite struct IPAssetOfferTests {
    static let offer = """
        {"offeredBy": "cuhk-shenzhen", "fields": ["speech-recognition", "computer-vision"], "territories": ["WORLD"],
         "exclusivityOffered": true, "offeredOn": "2020-09-01"}
        """

    static func availability(_ asset: String, field: String, territory: String = "CN", on day: String = "2021-01-01", extra: String = "") -> String {
        "/v1/ip-assets/\(asset)/availability?field=\(field)&territory=\(territory)&on=\(day)\(extra)"
    }

    /// The MI story with Tencent's exclusive computer-vision licence (as in the demo), and a
    /// second invention of the same lab, owned the same way and never offered.
    static func world(_ app: APITestApp) async throws -> IPAssetStory {
        let story = try await IPAssetStory.begin(app)
        try story.expectOK(try await story.command("licences", IPAssetStory.licence("tencent-cv-world", licensee: "tencent")))
        try story.expectOK(try await story.disclose(asset: "mi-lab-2019-002"))
        try story.expectOK(try await app.post("/v1/ip-assets/mi-lab-2019-002/ownership", key: story.admin, json: """
            {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 5000}],
             "determinedOn": "2019-04-02"}
            """))
        return story
    }

    @Test func anOwnerOffersAndAnUnrelatedCompanyListsItAndAsksAvailabilityWithoutSeeingTheLicensee() async throws {
        try await APITestApp.run("ip_offer_story") { app in
            let story = try await Self.world(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let tencent = try await app.key(.company, party: "tencent")
            let alibaba = try await app.key(.company, party: "alibaba")

            let offered = try await story.command("licensing-offer", Self.offer, key: cuhk)
            #expect(offered.status == .ok, "\(offered.text)")
            #expect(offered.eventTypes == ["IPAssetOfferedForLicensing"])
            try await app.waitForReadModels(try #require(offered.position))

            let listed = try await app.get("/v1/licensable-ip-assets", key: alibaba)
            #expect(listed.status == .ok, "\(listed.text)")
            let items = try #require(listed.json["items"] as? [[String: Any]], "\(listed.text)")
            #expect(items.compactMap { $0["asset"] as? String } == [story.asset])
            let item = try #require(items.first)
            #expect(item["title"] as? String == "Self-supervised pre-training for low-resource speech recognition")
            #expect(item["lab"] as? String == story.lab)
            #expect(item["patentStatus"] as? String == "none")
            #expect(item["patentOffices"] as? [String] == [])
            let offer = try #require(item["offer"] as? [String: Any])
            #expect(offer["offeredBy"] as? String == "cuhk-shenzhen")
            #expect(offer["fields"] as? [String] == ["speech-recognition", "computer-vision"])
            #expect(offer["territories"] as? [String] == ["WORLD"])
            #expect(offer["exclusivityOffered"] as? Bool == true)
            #expect(offer["offeredOn"] as? String == "2020-09-01")
            #expect(Set(item.keys) == ["asset", "lab", "title", "offer", "patentStatus", "patentOffices"])
            #expect(!listed.text.contains("tencent-cv-world") && !listed.text.contains("shareBasisPoints") && !listed.text.contains("rateBasisPoints"))

            // Inside Tencent's exclusive slice: blocked by a licence until its end, nobody named.
            let blocked = try await app.get(Self.availability(story.asset, field: "computer-vision"), key: alibaba)
            #expect(blocked.status == .ok, "\(blocked.text)")
            #expect(blocked.json["available"] as? Bool == false)
            let reason = try #require((blocked.json["reasons"] as? [[String: Any]])?.first, "\(blocked.text)")
            #expect(reason["code"] as? String == "ipasset.inside-exclusive-slice")
            #expect(reason["blockedBy"] as? String == "licence")
            #expect(reason["until"] as? String == "2029-07-01")
            #expect(reason["licence"] == nil)
            #expect(!blocked.text.contains("tencent"), "\(blocked.text)")

            let free = try await app.get(Self.availability(story.asset, field: "speech-recognition", extra: "&exclusive=true"), key: alibaba)
            #expect(free.json["available"] as? Bool == true, "\(free.text)")
            #expect((free.json["reasons"] as? [Any])?.isEmpty == true)
            let elsewhere = try await app.get(Self.availability(story.asset, field: "robotics"), key: alibaba)
            #expect(((elsewhere.json["reasons"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String } == ["ipasset.field-not-offered"])
            let afterTheLicence = try await app.get(Self.availability(story.asset, field: "computer-vision", on: "2029-07-01"), key: alibaba)
            #expect(afterTheLicence.json["available"] as? Bool == true, "\(afterTheLicence.text)")
            // It asks for itself only: naming another party would probe who holds an option.
            let forAnother = try await app.get(Self.availability(story.asset, field: "computer-vision", extra: "&licensee=tencent"), key: alibaba)
            #expect(forAnother.status == .forbidden, "\(forAnother.text)")

            // The offer opens availability, not the asset: it stays invisible otherwise.
            #expect(try await app.get(story.assetPath, key: alibaba).status == .notFound)
            // The owners keep the full answer, naming the licence.
            let full = try await app.get(Self.availability(story.asset, field: "computer-vision"), key: tencent)
            #expect((full.json["reasons"] as? [[String: Any]])?.first?["licence"] as? String == "tencent-cv-world", "\(full.text)")

            // An asset not on offer stays a 404 for it, as one that does not exist.
            let notOffered = try await app.get(Self.availability("mi-lab-2019-002", field: "computer-vision"), key: alibaba)
            #expect(notOffered.status == .notFound, "\(notOffered.text)")
            let missing = try await app.get(Self.availability("mi-lab-2099-404", field: "computer-vision"), key: alibaba)
            #expect(notOffered.status == missing.status)
            for member in ["type", "title", "status", "code"] {
                #expect(notOffered.json[member] as? NSObject == missing.json[member] as? NSObject, "\(member): \(notOffered.text) vs \(missing.text)")
            }
            let detail = try #require(notOffered.json["detail"] as? String, "\(notOffered.text)")
            #expect(detail.replacingOccurrences(of: "mi-lab-2019-002", with: "mi-lab-2099-404") == missing.json["detail"] as? String)
            #expect(Set(notOffered.json.keys) == Set(missing.json.keys))
            #expect(notOffered.headers[.contentType] == missing.headers[.contentType])
            #expect(notOffered.headers[.eTag] == nil && missing.headers[.eTag] == nil)

            // A day before the offer says only that: what stood then is not a stranger's business.
            let beforeTheOffer = try await app.get(Self.availability(story.asset, field: "computer-vision", on: "2020-08-31"), key: alibaba)
            #expect(beforeTheOffer.status == .ok, "\(beforeTheOffer.text)")
            #expect(beforeTheOffer.json["available"] as? Bool == false)
            let early = (beforeTheOffer.json["reasons"] as? [[String: Any]]) ?? []
            #expect(early.compactMap { $0["code"] as? String } == ["ipasset.date-not-offered"], "\(beforeTheOffer.text)")
            #expect(early.first?["blockedBy"] == nil && early.first?["until"] == nil)

            // Withdrawn, it leaves the list and availability is a 404 again.
            let withdrawn = try await story.command("licensing-offer/withdrawal",
                #"{"by": "tencent", "withdrawnOn": "2021-03-01", "reason": "No longer on the market."}"#, key: tencent)
            #expect(withdrawn.eventTypes == ["IPAssetOfferWithdrawn"], "\(withdrawn.text)")
            try await app.waitForReadModels(try #require(withdrawn.position))
            let emptied = try await app.get("/v1/licensable-ip-assets", key: alibaba)
            #expect((emptied.json["items"] as? [Any])?.isEmpty == true, "\(emptied.text)")
            let gone = try await app.get(Self.availability(story.asset, field: "speech-recognition"), key: alibaba)
            #expect(gone.status == .notFound, "\(gone.text)")
            let again = try await story.command("licensing-offer/withdrawal",
                #"{"by": "tencent", "withdrawnOn": "2021-03-02", "reason": "Twice."}"#, key: tencent)
            #expect(again.status == .unprocessableContent)
            #expect(again.code == "ipasset.not-on-offer")
        }
    }

    @Test func onlyAnOwnerOffersForItselfAndTheListIsPagedByAssetId() async throws {
        try await APITestApp.run("ip_offer_rules") { app in
            let story = try await Self.world(app)
            let tencent = try await app.key(.company, party: "tencent")
            let alibaba = try await app.key(.company, party: "alibaba")

            // A company with no part in the asset does not see it to offer it.
            let stranger = try await story.command("licensing-offer", Self.offer.replacingOccurrences(of: "cuhk-shenzhen", with: "alibaba"), key: alibaba)
            #expect(stranger.status == .notFound, "\(stranger.text)")
            // An owner offers for itself, not for its co-owner.
            let forAnother = try await story.command("licensing-offer", Self.offer, key: tencent)
            #expect(forAnother.status == .forbidden, "\(forAnother.text)")
            // A keeper naming a party that owns no share meets the domain's rule.
            let nonOwner = try await story.command("licensing-offer", Self.offer.replacingOccurrences(of: "cuhk-shenzhen", with: "jd"))
            #expect(nonOwner.status == .unprocessableContent)
            #expect(nonOwner.code == "ipasset.offer-by-non-owner")
            // A bad body changes nothing and names every bad field.
            let bad = try await story.command("licensing-offer", """
                {"offeredBy": "Tencent!", "fields": ["computer-vision"], "territories": ["XX"], "exclusivityOffered": false, "offeredOn": "2020-13-01"}
                """, key: tencent)
            #expect(bad.status == .badRequest)
            #expect(bad.pointers.contains("/offeredBy") && bad.pointers.contains("/offeredOn"), "\(bad.text)")
            #expect(bad.pointers.contains { $0.hasPrefix("/territories") }, "\(bad.text)")

            let first = try await story.command("licensing-offer", Self.offer.replacingOccurrences(of: "cuhk-shenzhen", with: "tencent"), key: tencent)
            #expect(first.status == .ok, "\(first.text)")
            let second = try await app.post("/v1/ip-assets/mi-lab-2019-002/licensing-offer", key: tencent, json: """
                {"offeredBy": "tencent", "fields": ["all-fields"], "territories": ["CN"], "exclusivityOffered": false, "offeredOn": "2020-10-01"}
                """)
            #expect(second.status == .ok, "\(second.text)")
            let twice = try await story.command("licensing-offer", Self.offer.replacingOccurrences(of: "cuhk-shenzhen", with: "tencent"), key: tencent)
            #expect(twice.code == "ipasset.already-on-offer")
            try await app.waitForReadModels(try #require(second.position))

            let page1 = try await app.get("/v1/licensable-ip-assets?limit=1", key: alibaba)
            #expect(((page1.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["asset"] as? String } == [story.asset], "\(page1.text)")
            let next = try #require(page1.json["next"] as? String, "\(page1.text)")
            let page2 = try await app.get("/v1/licensable-ip-assets?limit=1&after=\(next)", key: alibaba)
            #expect(((page2.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["asset"] as? String } == ["mi-lab-2019-002"], "\(page2.text)")
            #expect(page2.json["next"] == nil, "\(page2.text)")
            // Non-exclusive only, in China only: what lies outside is said, and nothing else.
            let exclusive = try await app.get(Self.availability("mi-lab-2019-002", field: "robotics", territory: "US", extra: "&exclusive=true"), key: alibaba)
            let codes = ((exclusive.json["reasons"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
            #expect(codes == ["ipasset.territory-not-offered", "ipasset.exclusivity-not-offered"], "\(exclusive.text)")
        }
    }

    @Test func theListingNamesOnlyOfficesOfPatentsInForceLeavesOutALapsedAssetAndLosesAnOfferWhoseContactLeft() async throws {
        try await APITestApp.run("ip_offer_patents") { app in
            let story = try await Self.world(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let alibaba = try await app.key(.company, party: "alibaba")
            let second = "/v1/ip-assets/mi-lab-2019-002"
            func listing(_ position: String?) async throws -> [String: [String: Any]] {
                try await app.waitForReadModels(try #require(position))
                let listed = try await app.get("/v1/licensable-ip-assets", key: alibaba)
                let items = (listed.json["items"] as? [[String: Any]]) ?? []
                return Dictionary(uniqueKeysWithValues: items.compactMap { item in (item["asset"] as? String).map { ($0, item) } })
            }
            try story.expectOK(try await app.post("\(second)/licensing-offer", key: cuhk, json: Self.offer))
            let filed = try await app.post("\(second)/patent-applications", key: cuhk, json: #"{"office": "CN", "applicationNumber": "CN201910234567.8", "filedOn": "2019-05-06"}"#)
            try story.expectOK(filed)
            // A pending application may be unpublished: the listing does not name its office.
            #expect(try await listing(filed.position)["mi-lab-2019-002"]?["patentOffices"] as? [String] == [])
            let granted = try await app.post("\(second)/patent-applications/CN201910234567.8/grant", key: cuhk,
                json: #"{"patentNumber": "CN110459208B", "grantedOn": "2021-08-24"}"#)
            try story.expectOK(granted)
            #expect(try await listing(granted.position)["mi-lab-2019-002"]?["patentOffices"] as? [String] == ["CN"])
            let lapsed = try await app.post("\(second)/patents/CN110459208B/lapse", key: cuhk, json: #"{"lapsedOn": "2027-08-24", "reason": "Annual fee not paid."}"#)
            try story.expectOK(lapsed)
            #expect(try await listing(lapsed.position)["mi-lab-2019-002"] == nil)
            let answer = try await app.get(Self.availability("mi-lab-2019-002", field: "speech-recognition", on: "2028-01-01"), key: alibaba)
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(((answer.json["reasons"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String } == ["ipasset.offer-of-lapsed-asset"], "\(answer.text)")

            // The contact gives its whole share away: the offer goes with it.
            try story.expectOK(try await story.command("licensing-offer", Self.offer, key: cuhk))
            let transferred = try await story.command("ownership-transfers",
                #"{"from": "cuhk-shenzhen", "to": "tencent", "shareBasisPoints": 5000, "transferredOn": "2021-01-15"}"#, key: cuhk)
            #expect(transferred.eventTypes == ["OwnershipTransferred", "IPAssetOfferWithdrawn"], "\(transferred.text)")
            #expect(try await listing(transferred.position)[story.asset] == nil)
        }
    }
}
