import Foundation
import HTTPTypes
import Testing

/// `GET /v1/ip-assets` and `GET /v1/labs` with `sort` and `order`: the whole list in that order,
/// paged by a cursor that carries the order, so that small pages through a list with ties and
/// NULLs in the sort column give every row once and in order; visibility is the same in every order.
@Suite struct SortedListTests {
    /// A sort value as the test compares it: nil for a row with none (sorted after the others
    /// ascending, before them descending, as PostgreSQL does).
    enum Key: Comparable {
        case text(String), number(Int)
    }

    /// Every item of the list `path` (which has `?` already) asked in pages of `limit`.
    static func everyPage(_ app: APITestApp, _ path: String, key: String, limit: Int) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var next: String?
        var pages = 0
        repeat {
            let separator = path.hasSuffix("?") ? "" : "&"
            let page = try await app.get("\(path)\(separator)limit=\(limit)" + (next.map { "&after=\($0)" } ?? ""), key: key)
            #expect(page.status == .ok, "\(path): \(page.text.prefix(300))")
            items += (page.json["items"] as? [[String: Any]]) ?? []
            next = page.json["next"] as? String
            pages += 1
        } while next != nil && pages < 200
        return items
    }

    /// `items` as the API must order them by `value`, then `id`, both in one direction.
    static func expected(_ items: [[String: Any]], id: String, descending: Bool, value: ([String: Any]) -> Key?) -> [String] {
        let rows = items.map { (id: $0[id] as? String ?? "", key: value($0)) }
        return rows.sorted { a, b in
            if a.key != b.key {
                switch (a.key, b.key) {
                case (nil, _): return descending
                case (_, nil): return !descending
                case let (x?, y?): return descending ? x > y : x < y
                }
            }
            return descending ? a.id > b.id : a.id < b.id
        }.map(\.id)
    }

    static func text(_ field: String) -> ([String: Any]) -> Key? {
        { ($0[field] as? String).map(Key.text) }
    }

    static func ids(_ items: [[String: Any]], _ field: String) -> [String] { items.compactMap { $0[field] as? String } }

    // MARK: IP assets

    /// 64 assets of Tencent and CUHK-Shenzhen's agreement (titles and disclosure dates repeat;
    /// one in four has its ownership determined, on one of two dates) and 5 of JD's, which
    /// Tencent does not see. Ids are not in title or date order.
    static func manyAssets(_ app: APITestApp) async throws -> (story: IPAssetStory, tencent: [String], jd: [String]) {
        let story = try await IPAssetStory.begin(app, disclosed: false)
        let admin = story.admin
        try story.expectOK(try await app.post("/v1/labs", key: admin, json: """
            {"lab": "jd-lab", "name": "JD Lab", "foundedOn": "2018-06-12",
             "founders": [{"party": "jd", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"}]}
            """))
        try story.expectOK(try await app.post("/v1/labs/jd-lab/agreements", key: admin, json: """
            {"agreement": "jd-2018", "title": "JD Lab Agreement", "kind": "joint_lab_agreement",
             "parties": [{"party": "jd", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}],
             "costShares": [{"party": "jd", "basisPoints": 10000}, {"party": "cuhk-shenzhen", "basisPoints": 0}],
             "ipTerms": {"ownership": "joint", "sponsorOptionDays": 180, "publicationReviewDays": 30},
             "term": {"from": "2018-06-12", "to": "2030-06-12"}, "draftedOn": "2018-05-20"}
            """))
        for party in ["jd", "cuhk-shenzhen"] {
            try story.expectOK(try await app.post("/v1/agreements/jd-2018/signatures", key: admin, json: """
                {"party": "\(party)", "signatory": "\(party)-signatory-1", "signatoryTitle": "Vice President", "signedOn": "2018-06-12",
                 "person": {"name": "Example Signatory"}}
                """))
        }
        func disclose(lab: String, agreement: String, asset: String, title: String, on date: String) async throws -> APIResponse {
            let response = try await app.post("/v1/labs/\(lab)/ip-assets", key: admin, json: """
                {"asset": "\(asset)", "agreement": "\(agreement)", "title": "\(title)",
                 "inventors": [{"orcid": "0000-0002-1825-0097", "shareBasisPoints": 10000}], "disclosedOn": "\(date)"}
                """)
            try story.expectOK(response)
            return response
        }
        var tencent: [String] = []
        var position = ""
        for i in 0..<64 {
            let asset = String(format: "sorted-%03d", (i * 37) % 64)
            tencent.append(asset)
            position = try await disclose(
                lab: story.lab, agreement: story.agreement, asset: asset, title: "Sorted asset \(i % 7)", on: "2019-0\(1 + i % 5)-1\(i % 3)"
            ).position ?? position
            if i % 4 == 0 {
                let owned = try await app.post("/v1/ip-assets/\(asset)/ownership", key: admin, json: """
                    {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 5000}],
                     "determinedOn": "2019-0\(6 + i % 2)-01"}
                    """)
                try story.expectOK(owned)
                position = owned.position ?? position
            }
        }
        var jd: [String] = []
        for i in 0..<5 {
            let asset = "jd-asset-\(i)"
            jd.append(asset)
            position = try await disclose(lab: "jd-lab", agreement: "jd-2018", asset: asset, title: "Sorted asset \(i)", on: "2019-02-1\(i)").position ?? position
        }
        try await app.waitForReadModels(position)
        return (story, tencent, jd)
    }

    static var assetSorts: [(sort: String, value: ([String: Any]) -> Key?)] {
        [
            ("asset", text("asset")), ("title", text("title")), ("lab", text("lab")), ("disclosedOn", text("disclosedOn")),
            ("patentStatus", text("patentStatus")), ("ownershipDeterminedOn", text("ownershipDeterminedOn")),
            ("licenceCount", { ($0["licences"] as? [Any]).map { Key.number($0.count) } }),
        ]
    }

    @Test func smallPagesThroughAnAssetListSortedByAnyColumnGiveEveryAssetOnceInOrderBothWays() async throws {
        try await APITestApp.run("sorted_assets") { app in
            let (story, tencent, jd) = try await Self.manyAssets(app)
            let all = try await Self.everyPage(app, "/v1/ip-assets?", key: story.admin, limit: 1000)
            #expect(Set(Self.ids(all, "asset")) == Set(tencent + jd) && all.count == 69)
            // Ties and NULLs are there to be crossed by page boundaries.
            #expect(Set(all.map { $0["title"] as? String }).count == 7)
            #expect(all.filter { $0["ownershipDeterminedOn"] == nil || $0["ownershipDeterminedOn"] is NSNull }.count == 53)
            for (sort, value) in Self.assetSorts {
                for descending in [false, true] {
                    let paged = try await Self.everyPage(
                        app, "/v1/ip-assets?sort=\(sort)&order=\(descending ? "desc" : "asc")", key: story.admin, limit: 7)
                    let ids = Self.ids(paged, "asset")
                    #expect(ids.count == 69 && Set(ids).count == 69, "\(sort) \(descending): \(ids.count) items, \(Set(ids).count) distinct")
                    #expect(ids == Self.expected(all, id: "asset", descending: descending, value: value), "\(sort) \(descending)")
                }
            }
            // Without `order` a sort is ascending; without `sort` the order is by asset id.
            let titles = try await Self.everyPage(app, "/v1/ip-assets?sort=title", key: story.admin, limit: 10)
            #expect(Self.ids(titles, "asset") == Self.expected(all, id: "asset", descending: false, value: Self.text("title")))
            let plain = try await Self.everyPage(app, "/v1/ip-assets?order=asc", key: story.admin, limit: 10)
            #expect(Self.ids(plain, "asset") == Self.ids(all, "asset").sorted())
        }
    }

    /// A cursor carries the row's sort value: at a page boundary a title at its 500-character
    /// limit in Chinese (1,500 bytes of UTF-8) must still make a cursor the next page accepts.
    @Test func aPageEndingAtTheLongestTitleStillHasANextPage() async throws {
        try await APITestApp.run("sorted_long_title") { app in
            let story = try await IPAssetStory.begin(app, disclosed: false)
            let long = String(repeating: "知识产权", count: 125)
            for (asset, title) in [("long-title", long), ("short-title", "A short title")] {
                try story.expectOK(try await app.post("/v1/labs/\(story.lab)/ip-assets", key: story.admin, json: """
                    {"asset": "\(asset)", "agreement": "\(story.agreement)", "title": "\(title)",
                     "inventors": [{"orcid": "0000-0002-1825-0097", "shareBasisPoints": 10000}], "disclosedOn": "2019-03-01"}
                    """))
            }
            try await app.waitForEveryEventWritten()
            let first = try await app.get("/v1/ip-assets?sort=title&order=desc&limit=1", key: story.admin)
            #expect((first.json["items"] as? [[String: Any]])?.first?["asset"] as? String == "long-title", "\(first.text.prefix(200))")
            let next = try #require(first.json["next"] as? String)
            #expect(next.count > 2_000)
            let second = try await app.get("/v1/ip-assets?sort=title&order=desc&limit=1&after=\(next)", key: story.admin)
            #expect(second.status == .ok, "\(second.text.prefix(300))")
            #expect((second.json["items"] as? [[String: Any]])?.first?["asset"] as? String == "short-title")
        }
    }

    @Test func aCompanySeesOnlyItsOwnAssetsInEveryOrder() async throws {
        try await APITestApp.run("sorted_assets_visibility") { app in
            let (_, tencent, jd) = try await Self.manyAssets(app)
            let tencentKey = try await app.key(.company, party: "tencent")
            let jdKey = try await app.key(.company, party: "jd")
            for (sort, _) in Self.assetSorts {
                for order in ["asc", "desc"] {
                    let seen = Self.ids(try await Self.everyPage(app, "/v1/ip-assets?sort=\(sort)&order=\(order)", key: tencentKey, limit: 9), "asset")
                    #expect(seen.count == tencent.count && Set(seen) == Set(tencent), "tencent, \(sort) \(order)")
                    let jdSeen = Self.ids(try await Self.everyPage(app, "/v1/ip-assets?sort=\(sort)&order=\(order)", key: jdKey, limit: 2), "asset")
                    #expect(jdSeen.count == jd.count && Set(jdSeen) == Set(jd), "jd, \(sort) \(order)")
                }
            }
        }
    }

    @Test func aCursorOfOneOrderUsedWithAnotherAndAnUnknownSortAreEach400NamingTheParameter() async throws {
        try await APITestApp.run("sorted_assets_bad") { app in
            let (story, _, _) = try await Self.manyAssets(app)
            let admin = story.admin
            let byTitle = try #require(try await app.get("/v1/ip-assets?sort=title&limit=3", key: admin).json["next"] as? String)
            let plain = try #require(try await app.get("/v1/ip-assets?limit=3", key: admin).json["next"] as? String)
            #expect(try await app.get("/v1/ip-assets?sort=title&limit=3&after=\(byTitle)", key: admin).status == .ok)
            for query in [
                "sort=title&order=desc&after=\(byTitle)", "after=\(byTitle)", "sort=disclosedOn&after=\(byTitle)", "sort=title&after=\(plain)",
                "order=desc&after=\(plain)",
            ] {
                let refused = try await app.get("/v1/ip-assets?\(query)", key: admin)
                #expect(refused.status == .badRequest && refused.pointers == ["#query/after"], "\(query): \(refused.text)")
                #expect(refused.json["errors"].map { "\($0)" }?.contains("cursor-of-another-sort") == true, "\(query): \(refused.text)")
            }
            let unknown = try await app.get("/v1/ip-assets?sort=password", key: admin)
            #expect(unknown.status == .badRequest && unknown.pointers == ["#query/sort"], "\(unknown.text)")
            let both = try await app.get("/v1/ip-assets?sort=password&order=sideways", key: admin)
            #expect(both.status == .badRequest && Set(both.pointers) == ["#query/sort", "#query/order"], "\(both.text)")
            let labs = try await app.get("/v1/labs?sort=title", key: admin)
            #expect(labs.status == .badRequest && labs.pointers == ["#query/sort"], "\(labs.text)")
            // A forged cursor: no value where the column always has one, a date that is none, a count
            // too large for the column, an id order whose value is not its id.
            for keys in [
                #"["title","asc",null,"sorted-001"]"#, #"["disclosedOn","asc","soon","sorted-001"]"#,
                #"["licenceCount","asc","99999999999","sorted-001"]"#, #"["asset","desc","sorted-002","sorted-001"]"#,
            ] {
                let token = Data(keys.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                    .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                let sort = keys.split(separator: "\"")[1]
                let order = keys.contains("desc") ? "desc" : "asc"
                let forged = try await app.get("/v1/ip-assets?sort=\(sort)&order=\(order)&after=\(token)", key: admin)
                #expect(forged.status == .badRequest && forged.pointers == ["#query/after"], "\(keys): \(forged.text)")
            }
        }
    }

    // MARK: Labs

    @Test func smallPagesThroughTheLabsSortedByAnyColumnGiveEveryLabOnceInOrderBothWaysAndPartiesSeeTheirOwn() async throws {
        try await APITestApp.run("sorted_labs") { app in
            let admin = try await app.admin()
            for (id, kind) in [("tencent", "company"), ("cuhk-shenzhen", "university"), ("jd", "company"), ("hkust", "university")] {
                let created = try await app.post("/v1/parties", key: admin, json: #"{"party":"\#(id)","name":"\#(id)","kind":"\#(kind)","country":"CN"}"#)
                #expect(created.status == .created, "\(created.text)")
            }
            var position = ""
            var tencentLabs: [String] = []
            for i in 0..<62 {
                let lab = String(format: "lab-%02d", (i * 23) % 62)
                let (company, university) = i % 5 == 0 ? ("jd", "hkust") : ("tencent", "cuhk-shenzhen")
                if company == "tencent" { tencentLabs.append(lab) }
                // A third founder in some labs, so member counts differ (and tie).
                let third = i % 3 == 0 ? #",{"party":"hkust","role":"university"}"# : ""
                let founded = try await app.post(
                    "/v1/labs", key: admin,
                    json: #"{"lab":"\#(lab)","name":"Lab \#(i % 6)","founders":[{"party":"\#(company)","role":"industry_partner"},{"party":"\#(university)","role":"university"}\#(company == "jd" ? "" : third)],"foundedOn":"2018-0\#(1 + i % 4)-1\#(i % 2)"}"#)
                #expect(founded.status == .created, "\(founded.text)")
                position = founded.position ?? position
                if i % 7 == 0 {
                    let dissolved = try await app.post(
                        "/v1/labs/\(lab)/dissolution", key: admin, json: #"{"dissolvedOn":"2024-0\#(1 + i % 2)-01","reason":"Programme completed."}"#)
                    #expect(dissolved.status == .ok, "\(dissolved.text)")
                    position = dissolved.position ?? position
                }
            }
            try await app.waitForReadModels(position)
            let all = try await Self.everyPage(app, "/v1/labs?", key: admin, limit: 1000)
            #expect(all.count == 62)
            #expect(all.filter { $0["dissolvedOn"] is String }.count == 9)
            let current = { (lab: [String: Any]) -> Key? in
                Key.number(((lab["members"] as? [[String: Any]]) ?? []).filter { $0["departedOn"] == nil || $0["departedOn"] is NSNull }.count)
            }
            let sorts: [(String, ([String: Any]) -> Key?)] = [
                ("lab", Self.text("lab")), ("name", Self.text("name")), ("foundedOn", Self.text("foundedOn")), ("status", Self.text("status")),
                ("dissolvedOn", Self.text("dissolvedOn")), ("memberCount", current),
            ]
            let tencent = try await app.key(.company, party: "tencent")
            for (sort, value) in sorts {
                for descending in [false, true] {
                    let order = descending ? "desc" : "asc"
                    let ids = Self.ids(try await Self.everyPage(app, "/v1/labs?sort=\(sort)&order=\(order)", key: admin, limit: 5), "lab")
                    #expect(ids.count == 62 && Set(ids).count == 62, "\(sort) \(order): \(ids.count) items, \(Set(ids).count) distinct")
                    #expect(ids == Self.expected(all, id: "lab", descending: descending, value: value), "\(sort) \(order)")
                    let seen = Self.ids(try await Self.everyPage(app, "/v1/labs?sort=\(sort)&order=\(order)", key: tencent, limit: 4), "lab")
                    #expect(seen.count == tencentLabs.count && Set(seen) == Set(tencentLabs), "tencent, \(sort) \(order)")
                }
            }
            let byName = try #require(try await app.get("/v1/labs?sort=name&limit=2", key: admin).json["next"] as? String)
            let mismatched = try await app.get("/v1/labs?sort=name&order=desc&after=\(byName)", key: admin)
            #expect(mismatched.status == .badRequest && mismatched.pointers == ["#query/after"], "\(mismatched.text)")
        }
    }
}
