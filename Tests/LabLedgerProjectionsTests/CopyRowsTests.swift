import Foundation
import Logging
import PostgresNIO
import TestSupport
import Testing

@testable import LabLedgerProjections

/// A rebuild's rows written by COPY (`CopyRows`) hold what `jsonb_populate_recordset` gave them.
@Suite("Rows written by COPY")
struct CopyRowsTests {
    private static let layout = CopyRows(columns: [
        .init(name: "stream_id", kind: .scalar), .init(name: "name", kind: .scalar), .init(name: "amount", kind: .scalar),
        .init(name: "small", kind: .scalar), .init(name: "flag", kind: .scalar), .init(name: "due", kind: .scalar),
        .init(name: "doc", kind: .json), .init(name: "tags", kind: .array), .init(name: "numbers", kind: .array),
    ])

    private static func line(_ row: String) -> String? {
        layout.text([Data(row.utf8)]).map { String(decoding: $0, as: UTF8.self) }
    }

    private static func expected(_ columns: String...) -> String { columns.joined(separator: "\t") + "\n" }
    private static let null = #"\N"#

    @Test("a row becomes one line of its columns in the table's order, escaped for COPY, NULL for what it lacks")
    func lines() {
        let null = Self.null
        #expect(
            Self.line(#"{"name":"a\tb\\c\nd","stream_id":"s-1","amount":-9007199254740993,"flag":true,"unknown":{"x":1}}"#)
                == Self.expected("s-1", #"a\tb\\c\nd"#, "-9007199254740993", null, "true", null, null, null, null))
        #expect(
            Self.line(#"{"stream_id":"s","doc":{"k":"v\"w","n":[1,null]},"tags":["x","y \"z\"","back\\slash",null,"NULL",""],"numbers":[]}"#)
                == Self.expected(
                    "s", null, null, null, null, null, #"{"k":"v\\"w","n":[1,null]}"#,
                    #"{"x","y \\"z\\"","back\\\\slash",NULL,"NULL",""}"#, "{}"))
        // A JSON string in a json column keeps its quotes; null is NULL there too.
        #expect(
            Self.line(#"{"stream_id":"s","doc":"text","due":null,"flag":false}"#)
                == Self.expected("s", null, null, null, "false", null, #""text""#, null, null))
        // Unicode escapes are unescaped in a text column and kept as written in a json one.
        #expect(
            Self.line(#"{"stream_id":"\u00e9\ud83d\ude00","doc":["\u00e9"]}"#)
                == Self.expected("é😀", null, null, null, null, null, #"["\\u00e9"]"#, null, null))
    }

    @Test("a row it cannot write exactly is refused, and the table's rows go as JSON instead")
    func refusals() {
        for row in [
            #"{"stream_id":"s","amount":1.5}"#, #"{"stream_id":"s","amount":1e3}"#, #"{"stream_id":{"a":1}}"#,
            #"{"stream_id":["a"]}"#, #"{"stream_id":"a\u0000b"}"#, #"{"stream_id":"s","tags":"{a,b}"}"#,
            #"{"stream_id":"s","tags":[["a"]]}"#, #"{"stream_id":"s","tags":[{"a":1}]}"#, #"{"stream_id":"s","tags":[1.5]}"#,
            #"{"stream_id":"s","name":-0}"#, #"{"stream_id":"s","tags":[-0]}"#,
            #"["s"]"#, #"{"stream_id":"s""#, #"{"stream_id":"s","stream_id":"t"}"#, #"{"stream_id":"\ud800"}"#,
        ] {
            #expect(Self.line(row) == nil, "\(row)")
        }
        // One refused row refuses the whole table's rows.
        #expect(Self.layout.text([Data(#"{"stream_id":"s"}"#.utf8), Data(#"{"stream_id":"s","amount":0.5}"#.utf8)]) == nil)
    }

    @Test("rows written by COPY equal rows written by jsonb_populate_recordset, column for column, on PostgreSQL")
    func sameAsPopulate() async throws {
        let database = try await TestDatabase.make("copyrows")
        let rows = [
            #"{"stream_id":"s-1","name":"plain","amount":42,"small":7,"flag":true,"due":"2026-12-07","doc":{"a":[1,2,{"b":null}],"c":"\"q\" \\ \n"},"tags":["a","b"],"numbers":[1,-2,null]}"#,
            #"{"stream_id":"s-2","name":"tab\there\\slash\r\nline \"quoted\" é 😀 \u00e9\ud83d\ude00","amount":-9223372036854775808,"flag":false}"#,
            #"{"stream_id":"s-3","doc":"just a string","tags":[],"numbers":[],"extra":"ignored","due":null}"#,
            #"{"stream_id":"s-4","doc":12,"tags":["NULL",null,"","{braces}","comma,here","quote\"back\\"],"name":""}"#,
            #"{"stream_id":"s-5","doc":[true,false,null,"\u0041"],"small":-2147483648}"#,
            #"{"stream_id":"s-6"}"#,
            #"{"stream_id":"s-7","doc":null,"name":"\\N","tags":["\\N","\\."],"amount":0}"#,
            #"{"stream_id":"\\.","name":"\\.\n\\.","doc":{"k":"\\N","l":"\\."}}"#,
            // Laid out in one pass (no escapes); a key twice in the jsonb value is stored as
            // jsonb_populate_recordset stores it, with its last value.
            #"{"stream_id":"s-9","name":"plain é","amount":7,"flag":true,"doc":{"a":1,"a":[2,{"b":"c","b":"d"}]},"tags":["x,y","z",3,true,null],"numbers":[4,null]}"#,
        ].map { Data($0.utf8) }
        let text = try #require(Self.layout.text(rows))
        try await database.withConnection(as: database.provisioned.owner) { connection in
            let logger = TestCluster.logger
            for table in ["by_populate", "by_copy"] {
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            CREATE TABLE \(table) (stream_id text PRIMARY KEY, name text, amount bigint, small integer,
                                flag boolean, due date, doc jsonb, tags text[], numbers integer[])
                            """), logger: logger)
            }
            let array = "[" + rows.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",") + "]"
            try await connection.query(
                "INSERT INTO by_populate SELECT * FROM jsonb_populate_recordset(NULL::by_populate, \(array)::jsonb)", logger: logger)
            try await connection.copyFrom(table: "by_copy", columns: Self.layout.columns.map(\.name), logger: logger) { writer in
                try await writer.write(ByteBuffer(bytes: text))
            }
            // Compared as text, NULLs included, and as values (jsonb equality, array equality).
            let differences = try await connection.query(
                """
                SELECT count(*) FROM by_populate p FULL JOIN by_copy c USING (stream_id)
                WHERE p IS NULL OR c IS NULL OR row(p.*)::text IS DISTINCT FROM row(c.*)::text
                   OR p.doc IS DISTINCT FROM c.doc OR p.tags IS DISTINCT FROM c.tags
                """, logger: logger)
            var counts: [Int64] = []
            for try await count in differences.decode(Int64.self) { counts.append(count) }
            #expect(counts == [0])
            let written = try await connection.query("SELECT count(*) FROM by_copy", logger: logger)
            for try await count in written.decode(Int64.self) { #expect(count == Int64(rows.count)) }
        }
    }
}

/// Most rows are laid out in one pass over their bytes (`CopyRows.appendScanned`); the scan
/// writes the line the tape writes, or leaves the row to it.
@Suite("Rows laid out in one pass")
struct CopyRowsScanTests {
    private static let layout = CopyRows(columns: [
        .init(name: "stream_id", kind: .scalar), .init(name: "name", kind: .scalar), .init(name: "amount", kind: .scalar),
        .init(name: "flag", kind: .scalar), .init(name: "doc", kind: .json), .init(name: "tags", kind: .array),
    ])

    /// The scan's line and the tape's line for `row`, nil where each leaves or refuses it.
    private static func lines(_ row: String) -> (scanned: String?, taped: String?) {
        var scanned: [UInt8] = Array("before\n".utf8)
        var spans = [Range<Int>?](repeating: nil, count: layout.columns.count)
        let scanTook = layout.appendScanned(Data(row.utf8), to: &scanned, spans: &spans)
        var taped: [UInt8] = Array("before\n".utf8)
        var values = [Int](repeating: -1, count: layout.columns.count)
        let tapeTook = layout.append(Data(row.utf8), to: &taped, values: &values)
        // What either leaves, it leaves as it was.
        #expect(scanTook || scanned == Array("before\n".utf8), "\(row)")
        return (
            scanTook ? String(decoding: scanned.dropFirst(7), as: UTF8.self) : nil,
            tapeTook ? String(decoding: taped.dropFirst(7), as: UTF8.self) : nil
        )
    }

    @Test("rows as the projections write them are laid out in one pass, as the tape lays them out")
    func encoderRows() {
        for row in [
            #"{"stream_id":"s-1","name":"Ada, Lovelace","amount":-12,"flag":true,"doc":{"a":[1,2.5,{"b":null}],"c":"\"q\" \\ \n"},"tags":["a","b,c",7,false,null]}"#,
            #"{"doc":"text","stream_id":"s-2"}"#, #"{}"#, #"{"stream_id":"s","tags":[],"doc":[]}"#, #"{"stream_id":"s","doc":{}}"#,
            #"{"stream_id":"s","other":{"deep":[[[{"x":"\u00e9"}]]]},"amount":0,"name":null,"tags":null,"doc":null}"#,
            #"{"stream_id":"é 😀","doc":-1.5e-3,"name":"Ada Lovelace"}"#,
        ] {
            let (scanned, taped) = Self.lines(row)
            #expect(scanned != nil, "\(row)")
            #expect(scanned == taped, "\(row)")
        }
    }

    @Test("rows the scan does not take are left to the tape, which writes or refuses them")
    func leftToTheTape() {
        for row in [
            #" {"stream_id":"s"}"#, #"{"stream_id" : "s"}"#, #"{"stream_id":"s"} "#, #"{"stream\u005fid":"s"}"#,
            #"{"stré":"s"}"#, #"{"stream_id":"s","stream_id":"t"}"#, #"{"stream_id":"a\u00e9"}"#, #"{"tags":["a\"b"]}"#,
            #"{"stream_id":"s","amount":1.5}"#, #"{"stream_id":{"a":1}}"#, #"{"tags":[["a"]]}"#, #"{"name":-0}"#, #"{"tags":[-0]}"#,
            #"["s"]"#, #"{"stream_id":"s""#, "", #"{"doc":"# + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "}",
        ] {
            let (scanned, taped) = Self.lines(row)
            #expect(scanned == nil, "\(row)")
            _ = taped
        }
        // Left, not refused: the tape writes these.
        #expect(Self.lines(#"{ "stream_id" : "s" , "name" : "a\u00e9" }"#).taped == Self.lines(#"{"stream_id":"s","name":"aé"}"#).scanned)
    }

    @Test("where the tape refuses duplicate keys the line does not depend on, the scan writes the line PostgreSQL would store")
    func duplicatesOutsideColumns() {
        let (scanned, taped) = Self.lines(#"{"stream_id":"s","x":1,"x":2,"doc":{"a":1,"a":2}}"#)
        #expect(taped == nil)
        #expect(scanned == "s\t\\N\t\\N\t\\N\t{\"a\":1,\"a\":2}\t\\N\n")
    }

    @Test("random rows and their corruptions: whatever the scan takes, the tape writes to the same line")
    func randomRows() {
        for seed in UInt64(1)...4 {
            var random = RandomRows(generator: SplitMix64(seed: seed))
            var scannedRows = 0
            var compared = 0
            for _ in 0..<1_500 {
                let row = random.row()
                var variants = [row]
                let bytes = Array(row.utf8)
                for _ in 0..<4 {
                    var changed = bytes
                    let position = Int.random(in: 0..<changed.count, using: &random.generator)
                    changed[position] = Array(#"{}[],:" -0e.tfn1a"#.utf8).randomElement(using: &random.generator) ?? 0
                    variants.append(String(decoding: changed, as: UTF8.self))
                    variants.append(String(decoding: bytes[0..<position], as: UTF8.self))
                }
                for variant in variants {
                    let (scanned, taped) = Self.lines(variant)
                    compared += 1
                    guard let scanned else { continue }
                    scannedRows += 1
                    #expect(scanned == taped, "seed \(seed): \(variant)")
                }
            }
            // The comparison covered both routes: rows the scan took and rows it left.
            #expect(scannedRows > compared / 10, "seed \(seed): \(scannedRows) of \(compared)")
            #expect(scannedRows < compared * 9 / 10, "seed \(seed): \(scannedRows) of \(compared)")
        }
    }
}

/// Rows drawn at random: the layout's columns and two other members in a random order, values
/// of every kind, now and then whitespace or a column twice. Keys of the same object differ in
/// length, and corruptions write no backslash, so that changing one byte makes no two keys
/// equal and no key escaped outside the columns (which the tape refuses and the scan, where
/// the line does not depend on it, does not check).
private struct RandomRows {
    var generator: SplitMix64

    mutating func row() -> String {
        var members = ["stream_id", "name", "amount", "flag", "doc", "tags", "zzzzzzzzzzzzzzz", "yyyyyyyyyyyyyyyyyyyy"].filter { _ in
            Bool.random(using: &generator)
        }
        if chance(20), let twice = members.first(where: { $0.count < 10 }) { members.append(twice) }
        members.shuffle(using: &generator)
        let space = chance(15) ? " " : ""
        let body = members.map { key in
            let value: String
            switch key {
            case "tags": value = chance(5) ? self.value(depth: 2) : "[" + (0..<Int.random(in: 0...3, using: &generator)).map { _ in scalar() }.joined(separator: ",") + "]"
            case "doc", "zzzzzzzzzzzzzzz", "yyyyyyyyyyyyyyyyyyyy": value = self.value(depth: 0)
            default: value = chance(5) ? self.value(depth: 2) : scalar()
            }
            return "\"\(key)\"\(space):\(value)"
        }
        return "{" + body.joined(separator: ",\(space)") + "}"
    }

    private mutating func chance(_ oneIn: Int) -> Bool { Int.random(in: 0..<oneIn, using: &generator) == 0 }

    private mutating func scalar() -> String {
        switch Int.random(in: 0..<12, using: &generator) {
        case 0: return "true"
        case 1: return "false"
        case 2: return "null"
        case 3: return ["0", "-0", "1.5", "-2e3", "1E+2", "12345678901234567890"].randomElement(using: &generator) ?? "0"
        case 4, 5: return String(Int.random(in: -100_000...100_000, using: &generator))
        case 6: return [#""a\"b""#, #""tab\tnl\n""#, #""\u00e9\ud83d\ude00""#, #""back\\slash""#, #""\u0000""#].randomElement(using: &generator) ?? "\"\""
        default: return "\"" + ["plain", "with space", "comma,here", "é 😀", "{braces}", "NULL", "", "\\N"].randomElement(using: &generator)!
                .replacingOccurrences(of: "\\", with: "\\\\") + "\""
        }
    }

    private mutating func value(depth: Int) -> String {
        guard depth < 3, chance(2) else { return scalar() }
        if chance(2) {
            return "[" + (0..<Int.random(in: 0...3, using: &generator)).map { _ in value(depth: depth + 1) }.joined(separator: ",") + "]"
        }
        let keys = ["a", "bb", "ccc", "dddd"].filter { _ in Bool.random(using: &generator) }
        return "{" + keys.map { "\"\($0)\":\(value(depth: depth + 1))" }.joined(separator: ",") + "}"
    }
}
