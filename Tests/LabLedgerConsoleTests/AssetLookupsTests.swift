import Foundation
import LabLedgerDomain
import Testing

@testable import LabLedgerConsole

/// A field added to an asset view but not to its `child(named:)` would render as missing (or as
/// a value of the same name further up the page): every stored field must answer by its own name.
@Suite struct AssetLookupsTests {
    @Test func everyFieldOfTheAssetViewsAnswersByName() throws {
        let list = try AssetPagesPinnedRenderingTests.listPage()
        let detail = try AssetPagesPinnedRenderingTests.detailPage()
        let asset = try #require(list.assets.first { $0.hasOptions && $0.hasLicences && $0.hasTransfers && $0.hasPatents })
        let owner = try #require(asset.owners.first)
        let option = try #require(asset.options.first)
        let licence = try #require(asset.licences.first)
        let patent = try #require(asset.patents.first)
        let royalty = try #require(asset.royalties.first)
        let transfer = try #require(asset.transfers.first)
        let report = try #require(detail.reports.first)
        let values: [(name: String, value: Any, child: (String) -> Any?)] = [
            ("AssetView", asset, asset.child(named:)), ("Owner", owner, owner.child(named:)), ("OptionRow", option, option.child(named:)),
            ("LicenceRow", licence, licence.child(named:)), ("PatentRow", patent, patent.child(named:)),
            ("RoyaltyRow", royalty, royalty.child(named:)), ("TransferRow", transfer, transfer.child(named:)),
            ("ReportRow", report, report.child(named:)), ("ListView", list, list.child(named:)),
        ]
        for (name, value, child) in values {
            let fields = Mirror(reflecting: value).children.compactMap { field in field.label.map { ($0, field.value) } }
            #expect(!fields.isEmpty, "\(name) has no fields to look up")
            for (label, reflected) in fields {
                let named = child(label)
                #expect(named != nil, "\(name).\(label) is not named for Mustache")
                // The same value reflection finds, not another field's.
                #expect(named.map { String(describing: $0) } == String(describing: reflected), "\(name).\(label) answers another value")
            }
            #expect(child("noSuchField") == nil, "\(name) answers a name it does not hold")
        }
    }
}
