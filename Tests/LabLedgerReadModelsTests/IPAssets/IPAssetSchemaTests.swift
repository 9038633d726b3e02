import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import Testing

/// The worker lands rows with `jsonb_populate_recordset`, which fills columns by key name and
/// silently ignores keys that name no column. So the rows' keys and the migration's columns
/// must be the same sets, table by table; this reads the migration itself to check.
@Suite("ip_assets read model: rows fit the migration")
struct IPAssetSchemaTests {
    // Through symlinks: a scratch package may link this folder in from the worktree.
    static let migrationsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schema/migrations")
    /// The tables as first created, the stored answers added with projection version 2, and the
    /// royalty reports' keyed table added with version 3; the offer's columns (0042) and the
    /// answer without its version (0046) are added by `ALTER TABLE`, read by `LedgerMigrationColumns`.
    static let migrations = ["0005_ip_assets.sql", "0017_ip_asset_views.sql", "0032_ip_asset_royalty_reports.sql"]
        .map { migrationsFolder.appendingPathComponent($0) }

    static func sql() throws -> String {
        try migrations.map { try String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
    }

    /// Columns the projection no longer writes, kept nullable for older binaries during a rolling
    /// upgrade: `ip_asset_views.item`, which the list's query takes from the answer (0044), and
    /// `ip_asset_views.body`, the answer with its version, now `answer` without it (0046).
    static let retired = [IPAssetTables.views: Set(["item", "body"])]

    /// Table → column names, from the `CREATE TABLE` statements (one column per line).
    static func columns() throws -> [String: Set<String>] {
        var tables: [String: Set<String>] = [:]
        var current: String?
        for line in try sql().split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("CREATE TABLE ") {
                current = line.dropFirst("CREATE TABLE ".count).split(separator: " ").first.map(String.init)
                if let current { tables[current] = [] }
            } else if line.hasPrefix(");") {
                current = nil
            } else if let table = current, let first = line.split(separator: " ").first, !line.hasPrefix("--"), !line.hasPrefix("PRIMARY KEY"),
                first.allSatisfy({ $0.isLowercase || $0 == "_" || $0.isNumber })
            {
                tables[table, default: []].insert(String(first))
            }
        }
        return tables.merging(try LedgerMigrationColumns.columns(in: ["0042_ip_asset_licensing_offers.sql", "0046_ip_asset_answers_written_when_changed.sql"])) {
            $0.union($1)
        }
    }

    @Test("every table of the projection is created by the migration and registered in projection_tables")
    func tablesCreatedAndRegistered() throws {
        let sql = try Self.sql()
        #expect(Set(try Self.columns().keys) == Set(IPAssetReadModel.projection.tables))
        for table in IPAssetReadModel.projection.tables {
            #expect(sql.contains("('ip_assets', '\(table)')"), "\(table) is not registered")
        }
        #expect(try Self.columns()[IPAssetTables.documents] == ["stream_id", "doc"])
    }

    @Test("each table's rows use exactly its columns")
    func rowKeysAreColumns() throws {
        var story = try IPStory.afterTermination()
        try story.run(.transferOwnership(TransferOwnership(
            from: story.tencent, to: story.jd, shareBasisPoints: try BasisPoints(2000), transferredOn: try IPStory.day("2023-01-01"),
            parties: story.known)))
        try story.run(.offerForLicensing(OfferForLicensing(
            by: story.cuhksz, fields: [try FieldOfUse(parsing: "speech-recognition")], territories: [.world], exclusivityOffered: true,
            offeredOn: try IPStory.day("2023-02-01"))))
        let columns = try Self.columns()
        let folded = try story.folded()
        for table in IPAssetReadModel.projection.tables where table != IPAssetTables.documents {
            // Optional values are left out of a row when nil; across this story every one is set somewhere.
            let written = (folded.rows.tables[table] ?? []) + folded.keyed.rows(in: table)
            #expect(!written.isEmpty, "the story writes rows of \(table)")
            let keys = try written.reduce(into: Set<String>()) { keys, row in
                keys.formUnion(try #require(try JSONSerialization.jsonObject(with: row) as? [String: Any]).keys)
            }
            let expected = (columns[table] ?? []).subtracting(Self.retired[table] ?? [])
            #expect(keys == expected, "\(table): keys without a column \(keys.subtracting(expected)), columns without a key \(expected.subtracting(keys))")
        }
    }
}
