import Foundation
import HTTPTypes
import Testing

/// Licences and royalties of IP assets through the API: slices, licensors, licensees.
@Suite struct IPAssetLicenceTests {
    @Test func anExclusiveLicenceKeepsEveryOtherLicenceOutOfItsSlice() async throws {
        try await APITestApp.run("ip_licence_slices", workers: false) { app in
            let story = try await IPAssetStory.begin(app)
            // Both co-owners license: a keeper records it (a party key speaks for its own party only).
            let exclusive = try await story.command("licences", IPAssetStory.licence("tencent-cv-world", licensee: "tencent"))
            #expect(exclusive.status == .ok, "\(exclusive.text)")
            #expect(exclusive.eventTypes == ["LicenceGranted"])

            let inside = try await story.command("licences", IPAssetStory.licence(
                "jd-cv-cn", licensee: "jd", exclusivity: "exclusive", territories: ["CN"], from: "2020-01-01", to: "2022-01-01"))
            #expect(inside.status == .unprocessableContent)
            #expect(inside.code == "ipasset.exclusive-slices-overlap")
            let nonExclusive = try await story.command("licences", IPAssetStory.licence(
                "jd-cv-cn", licensee: "jd", exclusivity: "non_exclusive", territories: ["CN"], from: "2020-01-01", to: "2022-01-01"))
            #expect(nonExclusive.code == "ipasset.inside-exclusive-slice")

            let elsewhere = try await story.command("licences", IPAssetStory.licence(
                "jd-asr-cn", licensee: "jd", exclusivity: "exclusive", fields: ["speech-recognition"], territories: ["CN"]))
            #expect(elsewhere.eventTypes == ["LicenceGranted"], "\(elsewhere.text)")
        }
    }

    @Test func licensorsGrantAndCoOwnersConsentToExclusivity() async throws {
        try await APITestApp.run("ip_licence_access", workers: false) { app in
            let story = try await IPAssetStory.begin(app)
            let cuhk = try await app.key(.university, party: "cuhk-shenzhen")
            let notALicensor = try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", licensors: ["tencent"]), key: cuhk)
            #expect(notALicensor.status == .forbidden)
            let alibaba = try await app.key(.company, party: "alibaba")
            #expect(try await story.command("licences", IPAssetStory.licence("alibaba-cv", licensee: "alibaba", licensors: ["alibaba"]), key: alibaba).status
                == .notFound)
            #expect(try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd"), key: try await app.key(.auditor)).status
                == .forbidden)
            let noConsent = try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", licensors: ["cuhk-shenzhen"]), key: cuhk)
            #expect(noConsent.code == "ipasset.co-owner-consent-missing")
            let outsiderLicensor = try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", licensors: ["jd"]))
            #expect(outsiderLicensor.code == "ipasset.licensor-not-an-owner")
            let invalid = try await story.command("licences", """
                {"licence": "jd-cv-cn", "licensee": "jd", "licensors": ["tencent"], "exclusivity": "sole", "fields": ["computer vision!"],
                 "territories": ["ZZ", "CN"], "term": {"from": "2020-01-01", "to": "2019-01-01"},
                 "royalty": {"rateBasisPoints": 300, "minimumAnnual": {"currency": "CNY", "amount": "1.234"}}, "grantedOn": "2019-06-20"}
                """)
            #expect(Set(invalid.pointers) == ["/fields/0", "/territories/0", "/term", "/royalty/minimumAnnual/amount"])
            let withTencentsConsent = IPAssetStory.licence("jd-cv-cn", licensee: "jd", territories: ["CN"], licensors: ["cuhk-shenzhen"])
                .replacingOccurrences(of: #""licensors""#, with: #""consents": ["tencent"], "licensors""#)
            // One co-owner cannot declare another's consent; a keeper records the written consent.
            let claimedConsent = try await story.command("licences", withTencentsConsent, key: cuhk)
            #expect(claimedConsent.status == .forbidden)
            #expect(claimedConsent.code == "forbidden")
            let bothLicensors = try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd"), key: cuhk)
            #expect(bothLicensors.status == .forbidden)
            let granted = try await story.command("licences", withTencentsConsent)
            #expect(granted.eventTypes == ["LicenceGranted"], "\(granted.text)")
            #expect(try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", fields: ["ocr"])).code
                == "ipasset.duplicate-licence")
        }
    }

    @Test func theLicenseeReportsRoyaltiesAndKeepersRecordPaymentsAndTermination() async throws {
        try await APITestApp.run("ip_royalties", workers: false) { app in
            let story = try await IPAssetStory.begin(app)
            try story.expectOK(try await story.command("licences", IPAssetStory.licence("jd-cv-cn", licensee: "jd", territories: ["CN"])))
            let report = """
                {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "netSales": {"currency": "CNY", "amount": "12500000.00"},
                 "royaltyDue": {"currency": "CNY", "amount": "375000.00"}, "reportedOn": "2021-01-20"}
                """
            let tencent = try await app.key(.company, party: "tencent")
            #expect(try await story.command("licences/jd-cv-cn/royalty-reports", report, key: tencent).status == .forbidden)
            #expect(try await story.command("licences/jd-cv-cn/royalty-reports", report, key: try await app.key(.company, party: "alibaba")).status
                == .notFound)
            #expect(try await story.command("licences/jd-cv-cn/royalty-reports", """
                {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "netSales": {"currency": "cny", "amount": "1"},
                 "royaltyDue": {"currency": "CNY", "amount": "1,000"}, "reportedOn": "2021-01-20"}
                """).pointers.sorted() == ["/netSales/currency", "/royaltyDue/amount"])
            let jd = try await app.key(.company, party: "jd")
            #expect(try await story.command("licences/jd-cv-cn/royalty-reports", report.replacingOccurrences(of: "375000.00", with: "1000.00"), key: jd).code
                == "ipasset.royalty-below-rate")
            let reported = try await story.command("licences/jd-cv-cn/royalty-reports", report, key: jd)
            #expect(reported.eventTypes == ["RoyaltyReported"], "\(reported.text)")
            #expect(try await story.command("licences/jd-cv-cn/royalty-reports", report, key: jd).code == "ipasset.royalty-periods-overlap")

            let payment = """
                {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "amount": {"currency": "CNY", "amount": "375000.00"},
                 "paidOn": "2021-02-15", "reference": "TX-2021-0215-88"}
                """
            #expect(try await story.command("licences/jd-cv-cn/royalty-payments", payment, key: jd).status == .forbidden)
            #expect(try await story.command("licences/jd-cv-cn/royalty-payments", payment.replacingOccurrences(of: "375000.00", with: "400000.00")).code
                == "ipasset.royalty-overpaid")
            #expect(try await story.command("licences/jd-cv-cn/royalty-payments", payment).eventTypes == ["RoyaltyPaid"])

            let termination = #"{"effectiveOn": "2024-01-01", "reason": "Licensee ceased the product line."}"#
            #expect(try await story.command("licences/jd-cv-cn/termination", termination, key: jd).status == .forbidden)
            #expect(try await story.command("licences/jd-cv-cn/termination", #"{"effectiveOn": "2020-06-01", "reason": "Early."}"#).code
                == "ipasset.termination-before-reported-royalties")
            #expect(try await story.command("licences/nope/termination", termination).code == "ipasset.unknown-licence")
            let ended = try await story.command("licences/jd-cv-cn/termination", termination)
            #expect(ended.eventTypes == ["LicenceTerminated"], "\(ended.text)")
        }
    }
}
