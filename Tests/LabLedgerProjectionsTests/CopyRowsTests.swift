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
