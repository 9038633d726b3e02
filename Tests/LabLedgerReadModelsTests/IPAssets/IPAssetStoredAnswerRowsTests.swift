import Foundation
import LabLedgerContract
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

/// The stored answers (`ip_asset_views`) as the projection writes them: without `version`
/// (migration 0046), each with its key, so that an answer an event did not change is the same
/// bytes and the runner need not write it again.
@Suite("ip_assets read model: stored answers without their version")
struct IPAssetStoredAnswerRowsTests {
    typealias T = IPAssetTables

    /// The stored answers of `story`'s whole stream, by viewer, as bytes.
    static func answers(_ story: IPStory) throws -> [String: Data] {
        let rows = try story.folded().rows
        let written = rows.tables[T.views] ?? []
        let keys = rows.keys[T.views] ?? []
        #expect(written.count == keys.count, "every row has its key")
        var byViewer: [String: Data] = [:]
        for (row, key) in zip(written, keys) {
            let object = try #require(try JSONSerialization.jsonObject(with: row) as? [String: Any])
            #expect(key == [try #require(object["stream_id"] as? String), try #require(object["viewer"] as? String)], "the key names the row")
            #expect(object["body"] == nil && object["item"] == nil, "only the answer column is written")
            byViewer[key[1]] = row
        }
        return byViewer
    }

    @Test("each stored answer is the typed rendering for its kind of key less its version, keyed by stream and viewer")
    func answersAreTheRenderingWithoutVersion() throws {
        let story = try IPStory.afterTermination()
        let document = try story.document()
        let answers = try Self.answers(story)
        #expect(Set(answers.keys) == ["*", "-", story.jd.rawValue, story.pearlRiver.rawValue], "keepers, outsiders and the licensees that own nothing")
        for (viewer, row) in answers {
            let party: PartyID? = viewer == "*" ? nil : PartyID(validated: viewer)
            let answer = try #require((try JSONSerialization.jsonObject(with: row) as? [String: Any])?["answer"] as? [String: Any])
            #expect(answer["version"] == nil, "\(viewer)")
            var expected = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(
                Components.Schemas.IPAsset(document, partyRoles: nil, full: true, viewer: LicenceViewer(party: party)))) as? [String: Any])
            #expect(expected.removeValue(forKey: "version") as? Int == document.streamVersion)
            #expect(NSDictionary(dictionary: answer).isEqual(to: expected), "\(viewer)")
        }
    }

    @Test("a royalty report changes the keepers' answer and its licensee's, and leaves every other answer the same bytes")
    func aReportChangesOnlyTheAnswersThatShowIt() throws {
        var story = try IPStory.afterTermination()
        let before = try Self.answers(story)
        try story.run(.reportRoyalty(ReportRoyalty(
            licence: try IPStory.parse("jd-nlp-hk"), period: try IPStory.period("2023-01-01", "2024-01-01"),
            netSales: try Money(parsing: "1000", currency: try IPStory.parse("HKD")), royaltyDue: try Money(parsing: "70", currency: try IPStory.parse("HKD")),
            reportedOn: try IPStory.day("2024-01-10"))))
        let after = try Self.answers(story)
        #expect(Set(after.keys) == Set(before.keys))
        let changed = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(changed == ["*", story.jd.rawValue])
    }

    @Test("every row of a table written row by row carries its key: the values of the table's primary-key columns")
    func rowsCarryTheirPrimaryKeys() throws {
        // `PRIMARY KEY (a, b)` of each table, from the migrations that create them.
        var primaryKeys: [String: [String]] = [:]
        var table: String?
        for line in try IPAssetSchemaTests.sql().split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("CREATE TABLE ") { table = line.split(separator: " ")[2].description }
            if let current = table, line.hasPrefix("PRIMARY KEY (") {
                primaryKeys[current] = line.dropFirst("PRIMARY KEY (".count).prefix { $0 != ")" }.split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }
            }
        }
        var story = try IPStory.afterTermination()
        try story.run(.transferOwnership(TransferOwnership(
            from: story.tencent, to: story.jd, shareBasisPoints: try BasisPoints(2000), transferredOn: try IPStory.day("2023-01-01"),
            parties: story.known)))
        let rows = try story.folded().rows
        #expect(Set(IPAssetReadModel.projection.diffedTables.keys) == Set(T.diffed.keys))
        for (diffed, columns) in T.diffed {
            #expect(primaryKeys[diffed] == columns, "\(diffed)'s key is its primary key")
            let written = rows.tables[diffed] ?? []
            let keys = rows.keys[diffed] ?? []
            #expect(!written.isEmpty && written.count == keys.count, "\(diffed): \(written.count) rows, \(keys.count) keys")
            for (row, key) in zip(written, keys) {
                let object = try #require(try JSONSerialization.jsonObject(with: row) as? [String: Any])
                #expect(columns.map { column in object[column].map { "\($0)" } ?? "-" } == key, "\(diffed)")
            }
            #expect(Set(keys).count == keys.count, "\(diffed): keys are unique")
        }
    }
}
