import Foundation
@testable import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

/// Stored documents and keyed rows, as the projections read them back from PostgreSQL, decode
/// without `JSONDecoder` (`CompactJSONDecoder.decodedHere`) to the value it gives.
@Suite("Stored documents and keyed rows read without JSONDecoder")
struct StoredJSONDecodingTests {
    /// The same JSON with whitespace around every token, as a pretty printer writes it.
    static func pretty(_ data: Data) throws -> Data {
        try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: data), options: [.prettyPrinted])
    }

    @Test("an IP asset's stored document decodes here, compact and pretty-printed")
    func ipAssetDocument() throws {
        for story in [try IPStory.owned(), try IPStory.licensed(), try IPStory.afterTermination()] {
            let stored = try story.folded().document
            let expected = try JSONDecoder().decode(IPAssetDocument.self, from: stored)
            #expect(CompactJSONDecoder.decodedHere(IPAssetDocument.self, from: stored) == expected)
            #expect(CompactJSONDecoder.decodedHere(IPAssetDocument.self, from: try Self.pretty(stored)) == expected)
        }
    }

    @Test("a royalty report row as PostgreSQL's to_jsonb prints it, NULL columns as null, decodes here")
    func royaltyReportRow() throws {
        let text = Data("""
            {"period": "2021-01-01/2021-12-31", "asset_id": "tencent-cuhksz-nlp-2019", "currency": "CNY", "period_to": null, \
            "stream_id": "ipasset-tencent-cuhksz-nlp-2019", "licence_id": "lic-1", "period_from": "2021-01-01", "reported_on": "2022-01-15", \
            "net_sales_currency": "CNY", "paid_minor_units": 0, "net_sales_minor_units": 250000000, "royalty_due_minor_units": 7500000}
            """.utf8)
        let expected = try JSONDecoder().decode(IPAssetTables.RoyaltyReport.self, from: text)
        #expect(expected.period_to == nil && expected.royalty_due_minor_units == 7_500_000)
        #expect(CompactJSONDecoder.decodedHere(IPAssetTables.RoyaltyReport.self, from: text) == expected)
        let rows = KeyedRows(found: [RowKey("t", ["k"]): text])
        #expect(try rows.row(IPAssetTables.RoyaltyReport.self, RowKey("t", ["k"])) == expected)
    }
}
