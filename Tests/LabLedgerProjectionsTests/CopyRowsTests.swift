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
            // Laid out in one pass (no escapes in the columns' strings), where the tape
            // refuses keys the line does not depend on: a key twice or escaped in the jsonb
            // value is stored as jsonb_populate_recordset stores it (unescaped, the last value),
            // and a member that is no column twice is ignored.
            #"{"stream_id":"s-9","name":"plain é","amount":7,"flag":true,"doc":{"a":1,"a":[2,{"b":"c","b":"d"}],"\u00e9":{"\u0062":1,"b":2}},"tags":["x,y","z",3,true,null],"numbers":[4,null],"x":1,"x":[2]}"#,
        ].map { Data($0.utf8) }
        let text = try #require(Self.layout.text(rows))
        var spans = [Range<Int>?](repeating: nil, count: Self.layout.columns.count)
        var scanned: [UInt8] = []
        #expect(Self.layout.appendScanned(try #require(rows.last), to: &scanned, spans: &spans))
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

    /// The scan's line and the tape's line for `row`, nil where each leaves or refuses it;
    /// bytes, as `String` would repair bytes that are not UTF-8 and equate equivalent text.
    private static func lines(_ row: String) -> (scanned: [UInt8]?, taped: [UInt8]?) { lines(Array(row.utf8)) }

    private static func lines(_ row: [UInt8]) -> (scanned: [UInt8]?, taped: [UInt8]?) {
        let before = Array("before\n".utf8)
        var scanned = before
        var spans = [Range<Int>?](repeating: nil, count: layout.columns.count)
        let scanTook = layout.appendScanned(Data(row), to: &scanned, spans: &spans)
        var taped = before
        var values = [Int](repeating: -1, count: layout.columns.count)
        let tapeTook = layout.append(Data(row), to: &taped, values: &values)
        // What either leaves, it leaves as it was.
        #expect(scanTook || scanned == before, "\(row)")
        #expect(tapeTook || taped == before, "\(row)")
        return (
            scanTook ? Array(scanned.dropFirst(before.count)) : nil,
            tapeTook ? Array(taped.dropFirst(before.count)) : nil
        )
    }

    @Test("rows as the projections write them are laid out in one pass, as the tape lays them out")
    func encoderRows() {
        for row in [
            #"{"stream_id":"s-1","name":"Ada, Lovelace","amount":-12,"flag":true,"doc":{"a":[1,2.5,{"b":null}],"c":"\"q\" \\ \n"},"tags":["a","b,c",7,false,null]}"#,
            #"{"doc":"text","stream_id":"s-2"}"#, #"{}"#, #"{"stream_id":"s","tags":[],"doc":[]}"#, #"{"stream_id":"s","doc":{}}"#,
            #"{"stream_id":"s","other":{"deep":[[[{"x":"\u00e9"}]]]},"amount":0,"name":null,"tags":null,"doc":null}"#,
            #"{"stream_id":"é 😀","doc":-1.5e-3,"name":"Ada Lovelace","tags":["é 😀"]}"#,
        ] {
            let (scanned, taped) = Self.lines(row)
            #expect(scanned != nil, "\(row)")
            #expect(scanned == taped, "\(row)")
        }
    }

    @Test("rows the scan does not take are left to the tape, which writes or refuses them")
    func leftToTheTape() {
        let written = [
            #" {"stream_id":"s"}"#, #"{"stream_id" : "s"}"#, #"{"stream_id":"s"} "#, #"{"stream_id":"a\u00e9"}"#, #"{"tags":["a\"b"]}"#, #"{"doc":"# + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "}",
        ]
        let refused = [
            #"{"stream_id":"s","stream_id":"t"}"#, #"{"stream_id":"s","amount":1.5}"#, #"{"stream_id":{"a":1}}"#, #"{"tags":[["a"]]}"#,
            #"{"stream\u005fid":"s"}"#, #"{"stré":"s"}"#, #"{"name":-0}"#, #"{"tags":[-0]}"#, #"["s"]"#, #"{"stream_id":"s""#, "", "{\"stream_id\":\"s\t\"}",
        ]
        for row in written {
            let (scanned, taped) = Self.lines(row)
            #expect(scanned == nil, "\(row)")
            #expect(taped != nil, "\(row)")
        }
        for row in refused {
            let (scanned, taped) = Self.lines(row)
            #expect(scanned == nil, "\(row)")
            #expect(taped == nil, "\(row)")
        }
        // Left, the tape writes the line the scan writes for the same row without whitespace.
        let spaced = Self.lines(#"{ "stream_id" : "s" , "name" : "a\u00e9" }"#)
        #expect(spaced.taped != nil)
        #expect(spaced.taped == Self.lines(#"{"stream_id":"s","name":"aé"}"#).scanned)
        // An array's element string that is not UTF-8 the tape refuses; a column's string it
        // writes as its bytes, and so does the scan.
        #expect(Self.lines(Array(#"{"tags":[""#.utf8) + [0xFF] + Array(#""]}"#.utf8)) == (nil, nil))
        let notUTF8 = Self.lines(Array(#"{"name":""#.utf8) + [0xFF] + Array(#""}"#.utf8))
        #expect(notUTF8.scanned == Array(#"\N"#.utf8) + [0x09, 0xFF] + Array((String(repeating: "\t\\N", count: 4) + "\n").utf8))
        #expect(notUTF8.scanned == notUTF8.taped)
    }

    @Test("where the tape refuses keys the line does not depend on, the scan writes the line PostgreSQL would store")
    func keysOutsideColumns() {
        let (scanned, taped) = Self.lines(#"{"stream_id":"s","x":1,"x":2,"doc":{"a":1,"a":2,"\u00e9":3}}"#)
        #expect(taped == nil)
        #expect(scanned == Array((["s", #"\N"#, #"\N"#, #"\N"#, #"{"a":1,"a":2,"\\u00e9":3}"#, #"\N"#].joined(separator: "\t") + "\n").utf8))
    }

    @Test("random rows and their corruptions: whatever the scan takes, the tape writes to the same line")
    func randomRows() {
        // Anywhere: bytes that change a row's structure. Outside the values of jsonb columns
        // and of members that are no column (see `RandomRows`): escapes, control characters
        // and bytes that are not UTF-8 as well.
        let structural = Array(#"{}[],:" -0e.tfn1a"#.utf8)
        let anyByte = structural + Array(#"\u"#.utf8) + [0x00, 0x09, 0x1F, 0x7F, 0x80, 0xC3, 0xFF]
        for seed in UInt64(1)...4 {
            var random = RandomRows(generator: SplitMix64(seed: seed))
            var scannedRows = 0
            var compared = 0
            for _ in 0..<1_500 {
                let (bytes, jsonValues) = random.row()
                var variants = [bytes]
                for _ in 0..<4 {
                    var changed = bytes
                    let position = Int.random(in: 0..<changed.count, using: &random.generator)
                    let inJSON = jsonValues.contains { $0.contains(position) }
                    changed[position] = (inJSON ? structural : anyByte).randomElement(using: &random.generator) ?? 0
                    variants.append(changed)
                    variants.append(Array(bytes[0..<position]))
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
/// length or in three bytes or more, so that changing one byte makes no two keys equal; with the byte ranges of the
/// values of jsonb columns and of members that are no column, where a corruption must not make
/// a key escaped or not ASCII either (the tape refuses such keys everywhere, the scan only
/// where the line depends on them).
private struct RandomRows {
    var generator: SplitMix64

    mutating func row() -> (bytes: [UInt8], jsonValues: [Range<Int>]) {
        var members = ["stream_id", "name", "amount", "flag", "doc", "tags", "zzzzzzzzzzzzzzz", "yyyyyyyyyyyyyyyyyyyy"].filter { _ in
            Bool.random(using: &generator)
        }
        if chance(20), let twice = members.first(where: { $0.count < 10 }) { members.append(twice) }
        members.shuffle(using: &generator)
        let space = chance(15) ? " " : ""
        var bytes = Array("{".utf8)
        var jsonValues: [Range<Int>] = []
        for (index, key) in members.enumerated() {
            if index > 0 { bytes += Array(",\(space)".utf8) }
            bytes += Array("\"\(key)\"\(space):".utf8)
            let value: String
            switch key {
            case "tags": value = chance(5) ? self.value(depth: 2) : "[" + (0..<Int.random(in: 0...3, using: &generator)).map { _ in scalar() }.joined(separator: ",") + "]"
            case "stream_id", "name", "amount", "flag": value = chance(5) ? self.value(depth: 2) : scalar()
            default:
                value = self.value(depth: 0)
                jsonValues.append(bytes.count..<(bytes.count + value.utf8.count))
            }
            bytes += Array(value.utf8)
        }
        return (bytes + Array("}".utf8), jsonValues)
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
        default:
            let text = ["plain", "with space", "comma,here", "é 😀", "{braces}", "NULL", "", "\\N"].randomElement(using: &generator) ?? ""
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\") + "\""
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
