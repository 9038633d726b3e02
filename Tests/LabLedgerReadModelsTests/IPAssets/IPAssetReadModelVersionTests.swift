import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

/// A worker reads only the event types its version knows, so a new event type without a new
/// version would leave the tables without it for good; and each version folds on from the
/// documents the previous one stored.
@Suite("ip_assets read model: versions and the event types they read")
struct IPAssetReadModelVersionTests {
    /// The event types each version reads: a version is never given new types after release.
    static let typesByVersion: [Int: Set<String>] = {
        let v3: Set<String> = [
            "InventionDisclosed", "OwnershipDetermined", "OptionGranted", "OptionExercised", "OptionDeclined", "OptionLapsed",
            "PatentApplicationFiled", "PatentGranted", "PatentLapsed", "OwnershipTransferred", "LicenceGranted", "RoyaltyReported",
            "RoyaltyPaid", "LicenceTerminated", "LicenceProposed", "LicenceConsentGiven", "LicenceProposalWithdrawn",
        ]
        let v4 = v3.union(["IPAssetOfferedForLicensing", "IPAssetOfferWithdrawn"])
        // 5 changes how a rebuild writes its rows, not what is read.
        return [3: v3, 4: v4, 5: v4]
    }()

    @Test("the event types read are those of the projection's version: new types came with a version bump")
    func newEventTypesBumpTheVersion() {
        let version = IPAssetReadModel.projection.version
        #expect(Self.typesByVersion[version] == Set(IPAssetReadModel.eventTypes),
            "version \(version) reads \(IPAssetReadModel.eventTypes.sorted()); a new event type needs a new version (and its row here)")
    }

    @Test("a version 3 document, which has no offer, folds the offer and its withdrawal as a fold from the start does")
    func foldsOntoVersionThreeDocuments() throws {
        var story = try IPStory.licensed()
        let kept = story.events.count
        try story.run(.offerForLicensing(OfferForLicensing(
            by: story.cuhksz, fields: [try FieldOfUse(parsing: "robotics")], territories: [.world],
            exclusivityOffered: false, offeredOn: try IPStory.day("2022-05-01"))))
        let offeredCount = story.events.count
        try story.run(.withdrawLicensingOffer(WithdrawLicensingOffer(by: story.tencent, withdrawnOn: try IPStory.day("2022-06-01"), reason: "Licensed")))
        let model = try #require(IPAssetReadModel.projection.model(for: story.streamID))
        let events = try story.stored()
        let versionThree = try model.fold(nil, story.streamID, Array(events.prefix(kept))).document
        #expect(!String(decoding: versionThree, as: UTF8.self).contains("offer"), "a document of a never-offered asset, as version 3 stored it")

        let offered = try model.fold(versionThree, story.streamID, Array(events[kept..<offeredCount]))
        let offeredFromStart = try model.fold(nil, story.streamID, Array(events.prefix(offeredCount)))
        #expect(offered.document == offeredFromStart.document && offered.rows == offeredFromStart.rows)
        let rest = try model.fold(offered.document, story.streamID, Array(events.suffix(from: offeredCount)))
        let whole = try model.fold(nil, story.streamID, events)
        #expect(rest.document == whole.document)
        #expect(rest.rows == whole.rows)
    }
}
