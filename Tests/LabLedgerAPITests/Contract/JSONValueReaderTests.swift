import Foundation
@testable import LabLedgerAPI
import Testing
import TestSupport

/// `JSONValueReader` reads request bodies into the `JSONValue` the decoder makes, or leaves them
/// to the decoder; it never reads one differently.
@Suite struct JSONValueReaderTests {
    static let texts = [
        #"{"party":"acme-1","name":"Acme","kind":"company","country":"CN"}"#,
        #"{}"#, #"[]"#, #" { "a" : [ 1 , -2 , 0 , true , false , null , "x" ] } "#, "\t{\"a\":\r\n1}\n",
        #""text""#, "7", "-7", "0", "true", "null",
        #"{"big":9223372036854775807,"small":-9223372036854775808}"#,
        #"{"escapes":"\" \\ \/ \b \f \n \r \t \u00e9 \u0000 \ud83d\ude00 \u2028"}"#,
        #"{"raw":"é😀 ünïcödé"}"#, "{\"decomposed\":\"e\u{301}\"}",
        #"{"nested":{"deeper":{"list":[{"x":[[]]}]}}}"#,
        // What the reader leaves to the decoder.
        #"{"fraction":1.5}"#, #"{"exponent":1e3}"#, #"{"whole":1.0}"#, #"{"negzero":-0}"#, #"{"over":9223372036854775808}"#,
        #"{"under":-9223372036854775809}"#, #"{"lead":01}"#, #"{"twice":1,"twice":2}"#,
        "{\"\u{e9}\":1,\"e\u{301}\":2}", #"{"lone":"\ud83d"}"#, #"{"low":"\ude00"}"#, #"{"badescape":"\x"}"#,
        #"{"badhex":"\u12g4"}"#, "{\"control\":\"a\u{1}b\"}", #"{"open":"#, #"{"a":1,}"#, #"[1,]"#, #"{"a" 1}"#,
        #"{"a":1} trailing"#, "", "   ", #"{'single':1}"#, "tru", "nul", #"{"a":True}"#, "\u{FEFF}{}", "+1", "-", "[1 2]",
        String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
    ]

    @Test("the reader and the decoder agree", arguments: texts)
    func readerAgreesWithTheDecoder(_ text: String) {
        let data = Data(text.utf8)
        let decoded = try? JSONDecoder().decode(JSONValue.self, from: data)
        if let read = JSONValueReader.read(data) {
            #expect(read == decoded, "\(text)")
        }
        #expect(JSONValue.decode(data) == decoded, "\(text)")
    }

    @Test func invalidUTF8IsLeftToTheDecoder() {
        let data = Data([UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\"")])
        #expect(JSONValueReader.read(data) == nil)
        #expect(JSONValue.decode(data) == (try? JSONDecoder().decode(JSONValue.self, from: data)))
    }

    /// The bodies a client builds from the contract are read by the reader itself (the point of
    /// it) and equal the decoder's reading.
    @Test func everyBodyBuiltFromTheContractIsReadAsTheDecoderReadsIt() throws {
        let schemas = try RequestContract.schemas()
        var read = 0
        for variant in SchemaInstances.Variant.allCases {
            var instances = SchemaInstances(check: schemas.check, variant: variant)
            for (id, operation) in schemas.operations.sorted(by: { $0.key < $1.key }) {
                let body = try instances.instance(of: operation.schema, at: id)
                let data = Data(try RequestContract.text(body).utf8)
                let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
                #expect(JSONValue.decode(data) == decoded, "\(id) \(variant)")
                if let value = JSONValueReader.read(data) {
                    #expect(value == decoded, "\(id) \(variant)")
                    read += 1
                } else {
                    #expect(String(decoding: data, as: UTF8.self).contains("."), "\(id) \(variant): only fractions are left to the decoder here")
                }
            }
        }
        #expect(read > 0)
    }

    /// Random documents of the reader's shapes and of shapes it leaves alone, with strings of
    /// escapes and scalars from every plane: wherever it reads one, it reads what the decoder reads.
    @Test func randomDocumentsAreReadAsTheDecoderReadsThem() {
        var random = SplitMix64(seed: 2026)
        var read = 0
        for _ in 0..<3_000 {
            let text = Self.document(&random, depth: 0)
            let data = Data(text.utf8)
            let decoded = try? JSONDecoder().decode(JSONValue.self, from: data)
            if let value = JSONValueReader.read(data) {
                #expect(value == decoded, "\(text)")
                read += 1
            }
            #expect(JSONValue.decode(data) == decoded, "\(text)")
        }
        #expect(read > 1_000)
    }

    static func document(_ random: inout SplitMix64, depth: Int) -> String {
        let pick = Int(random.next() % (depth > 3 ? 6 : 9))
        switch pick {
        case 0: return ["true", "false", "null"][Int(random.next() % 3)]
        case 1: return String(Int64(bitPattern: random.next()) >> Int64(random.next() % 64))
        case 2: return ["1.5", "-0", "1e2", "0.0", "9223372036854775808", "-12"][Int(random.next() % 6)]
        case 3, 4, 5: return string(&random)
        case 6, 7:
            let count = Int(random.next() % 4)
            let members = (0..<count).map { _ in "\(string(&random)):\(document(&random, depth: depth + 1))" }
            return "{" + members.joined(separator: random.next() % 2 == 0 ? "," : " , ") + "}"
        default:
            let count = Int(random.next() % 4)
            return "[" + (0..<count).map { _ in document(&random, depth: depth + 1) }.joined(separator: ",") + "]"
        }
    }

    static func string(_ random: inout SplitMix64) -> String {
        let pieces = [
            "a", "key", "é", "e\u{301}", "😀", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9", "\\u0041", "\\ud83d\\ude00", "\\u2028",
            "\\u0000", "\\ud83d", " ", "-", "~", "/",
        ]
        let count = Int(random.next() % 4)
        return "\"" + (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() + "\""
    }
}
