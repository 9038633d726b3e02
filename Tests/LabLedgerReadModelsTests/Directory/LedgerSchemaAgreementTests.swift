import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

/// The worker inserts rows with `jsonb_populate_recordset`, which ignores unknown keys and
/// leaves missing ones NULL, so a renamed field would fail silently. This compares every row
/// struct's fields with the columns its migration creates.
@Suite("Row structs and migrations agree")
struct LedgerSchemaAgreementTests {
    /// Where the tables are created, and the later migrations that add columns to them
    /// (`ALTER TABLE <table> ADD COLUMN <name>`, one statement per column).
    static let migrations = ["0004_directory.sql", "0007_outputs.sql", "0010_deadlines.sql", "0031_lab_profile_people_terms.sql", "0041_agreements_setting_up_labs.sql"]

    /// Field names of each row type, read from a decoded instance (nil fields included).
    static let fields: [String: @Sendable (Data) throws -> [String]] = [
        DirectoryTables.parties: { try labels(DirectoryPartyRow.self, $0) },
        DirectoryTables.labs: { try labels(DirectoryLabRow.self, $0) },
        DirectoryTables.labMembers: { try labels(DirectoryLabMemberRow.self, $0) },
        DirectoryTables.labAdvisors: { try labels(DirectoryLabAdvisorRow.self, $0) },
        DirectoryTables.agreements: { try labels(DirectoryAgreementRow.self, $0) },
        DirectoryTables.agreementParties: { try labels(DirectoryAgreementPartyRow.self, $0) },
        DirectoryTables.people: { try labels(DirectoryPersonRow.self, $0) },
        OutputsTables.outputs: { try labels(OutputRow.self, $0) },
        OutputsTables.parties: { try labels(OutputPartyRow.self, $0) },
        OutputsTables.people: { try labels(OutputPersonRow.self, $0) },
        DeadlinesTables.deadlines: { try labels(DeadlineRow.self, $0) },
    ]

    static func labels<Row: Decodable>(_ type: Row.Type, _ json: Data) throws -> [String] {
        Mirror(reflecting: try JSONDecoder().decode(type, from: json)).children.compactMap(\.label)
    }

    @Test("every table a projection lists is created by its migration with exactly the row struct's fields as columns")
    func columnsMatch() throws {
        let sql = try Self.migrations.map { try String(contentsOf: Self.migrationsDirectory.appendingPathComponent($0), encoding: .utf8) }
            .joined(separator: "\n")
        let rows = try Self.sampleRows()
        for projection in [DirectoryReadModel.projection, OutputsReadModel.projection, DeadlinesReadModel.projection] {
            for table in projection.tables {
                let columns = Self.columns(of: table, in: sql)
                #expect(sql.contains("('\(projection.name)', '\(table)')"), "\(table) is not registered in projection_tables")
                if table == projection.documentsTable {
                    #expect(columns == ["stream_id", "doc"])
                    continue
                }
                let json = try #require(rows[table], "no sample row for \(table)")
                let fields = try #require(Self.fields[table], "no row type for \(table)")
                #expect(Set(try fields(json)) == Set(columns), "\(table)")
            }
        }
    }

    static var migrationsDirectory: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schema/migrations")
    }

    /// Column names of `CREATE TABLE table (...)`: the first word of each line inside it, leaving
    /// out comments, table constraints and the continuation lines of long CHECKs.
    static func columns(of table: String, in sql: String) -> [String] {
        let lines = sql.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "CREATE TABLE \(table) (") else { return [] }
        var columns: [String] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix(")") { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let word = trimmed.split(separator: " ").first.map(String.init),
                word.allSatisfy({ $0.isLowercase || $0 == "_" })
            else { continue }
            columns.append(word)
        }
        let added = "ALTER TABLE \(table) ADD COLUMN "
        for line in lines where line.hasPrefix(added) {
            if let word = line.dropFirst(added.count).split(separator: " ").first { columns.append(String(word)) }
        }
        return columns
    }

    /// The first row of every table, from one history per category folded by every projection that reads it.
    static func sampleRows() throws -> [String: Data] {
        let s = try LedgerSamples()
        var party = RecordedTestStream("party-hku")
        try party.record(PartyEventCodec.self, s.registered(try LedgerSamples.value("hku"), "HKU", .university, country: "HK"))
        var lab = RecordedTestStream("lab-tencent-cuhksz-machine-intelligence")
        try lab.record(LabEventCodec.self, s.labFounded)
        try lab.record(LabEventCodec.self, s.advisorAppointed())
        var agreement = RecordedTestStream("agreement-tencent-cuhksz-joint-lab-2018")
        try agreement.record(AgreementEventCodec.self, s.agreementDrafted())
        try agreement.record(AgreementEventCodec.self, s.signed(s.tencent, on: "2018-06-10"))
        try agreement.record(AgreementEventCodec.self, s.signed(s.cuhksz, on: "2018-06-12"))
        var output = RecordedTestStream("output-mi-lab-paper-001")
        try output.record(OutputEventCodec.self, s.outputRegistered())
        try output.record(OutputEventCodec.self, s.reviewRequested("2019-04-01", endsOn: "2019-05-01"))
        var first: [String: Data] = [:]
        for stream in [party, lab, agreement, output] {
            for projection in [DirectoryReadModel.projection, OutputsReadModel.projection, DeadlinesReadModel.projection] {
                guard let model = projection.model(for: stream.streamID) else { continue }
                for (table, rows) in try stream.fold(model).rows.tables where first[table] == nil {
                    first[table] = rows.first
                }
            }
        }
        return first
    }
}
