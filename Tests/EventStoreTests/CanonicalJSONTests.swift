@testable import EventStore
import Testing

@Suite("jsonb's text form, computed in Swift")
struct CanonicalJSONTests {
    private func canonical(_ json: String) -> CanonicalJSON.Outcome {
        CanonicalJSON.canonicalObject(Array(json.utf8))
    }

    @Test("keys are ordered by byte length, then bytes; the last duplicate wins")
    func keyOrder() {
        #expect(canonical(#"{"bb": 1, "a": 2, "ab": 3, "é": 4, "a": 5}"#) == .canonical(#"{"a": 5, "ab": 3, "bb": 1, "é": 4}"#))
    }

    @Test("spacing is jsonb's: ', ' and ': ', nothing inside empty containers")
    func spacing() {
        #expect(canonical(" {\n\"a\":[1,2,{}],\"b\":{ }, \"c\" : [ ] } ") == .canonical(#"{"a": [1, 2, {}], "b": {}, "c": []}"#))
    }

    @Test("strings keep raw Unicode and escape only quotes, backslashes and control characters")
    func escapes() {
        #expect(canonical(#"{"s": "\u00e9\/\"\\\n\t\u0001\u001f😀\u007f"}"#)
            == .canonical("{\"s\": \"é/\\\"\\\\\\n\\t\\u0001\\u001f😀\u{7f}\"}"))
        #expect(canonical(#"{"s": "\ud83d\ude80"}"#) == .canonical(#"{"s": "🚀"}"#))
    }

    @Test("plain decimals print as written, except that negative zero loses its sign")
    func numbers() {
        #expect(canonical(#"{"a": 1.50, "b": -0, "c": -0.00, "d": -12.5, "e": 0, "f": 123456789012345678901234567890}"#)
            == .canonical(#"{"a": 1.50, "b": 0, "c": 0.00, "d": -12.5, "e": 0, "f": 123456789012345678901234567890}"#))
    }

    @Test("exponents, NUL escapes and lone surrogates are left to the database")
    func deferred() {
        #expect(canonical(#"{"a": 1e3}"#) == .needsDatabase)
        #expect(canonical(#"{"a": "\u0000"}"#) == .needsDatabase)
        #expect(canonical(#"{"a": "\udc00"}"#) == .needsDatabase)
    }

    @Test("what is not a JSON object is refused", arguments: [
        "", "[]", "1", "\"s\"", "null", "{", "{\"a\"}", "{\"a\": 01}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": tru}",
        "{\"a\": 1,}", "{'a': 1}", "{\"a\": \"\u{1}\"}", "{\"a\": \"\\x\"}", "{} {}", "{\"a\": +1}",
    ])
    func notObjects(json: String) {
        #expect(canonical(json) == .notAnObject)
    }
}
