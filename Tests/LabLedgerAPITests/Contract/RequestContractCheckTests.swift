import Foundation
@testable import LabLedgerAPI
import Testing

/// The contract check of request bodies, without a server: over every operation's documented
/// example, and on small schemas for each keyword.
@Suite struct RequestContractCheckTests {
    @Test func everyOperationDocumentsAnExampleThatConformsToItsOwnSchema() throws {
        let schemas = try RequestContract.schemas()
        let examples = try RequestContract.examples()
        #expect(examples.count == schemas.operations.count)
        #expect(examples.count >= 50)
        for (id, _, body) in examples {
            #expect(schemas.problems(operation: id, body: .object(body)) == [], "\(id)")
        }
    }

    @Test func anUnknownFieldIsRefusedAtItsPointerInEveryOperation() throws {
        let schemas = try RequestContract.schemas()
        for (id, _, body) in try RequestContract.examples() {
            var extended = body
            extended[RequestContract.unknownField] = .bool(true)
            let problems = schemas.problems(operation: id, body: .object(extended))
            #expect(problems.map(\.pointer) == ["/\(RequestContract.unknownField)"], "\(id)")
            #expect(problems.first?.code == "unknown-field", "\(id)")
        }
    }

    @Test func aValueOutsideAnEnumIsNamedWithEveryAllowedValue() throws {
        let schemas = try RequestContract.schemas()
        var checked = 0
        for (id, operation, body) in try RequestContract.examples() {
            let resolved = schemas.check.resolve(operation.schema)
            for name in resolved.child("properties")?.keys.sorted() ?? [] {
                guard let property = resolved.child("properties")?.child(name), let allowed = schemas.check.resolve(property).values("enum") else { continue }
                var changed = body
                changed[name] = .string("no-such-value")
                let problems = schemas.problems(operation: id, body: .object(changed))
                let problem = try #require(problems.first { $0.pointer == "/\(name)" }, "\(id) /\(name)")
                #expect(problem.code == "invalid-enum")
                for value in allowed { #expect(problem.detail.contains("\(value)"), "\(id) /\(name): \(problem.detail)") }
                checked += 1
            }
        }
        #expect(checked >= 9)
    }

    @Test func threeErrorsInOneBodyAreAllNamed() throws {
        let schemas = try RequestContract.schemas()
        var checked = 0
        for (id, operation, body) in try RequestContract.examples() {
            guard let (broken, expected) = RequestContract.threeErrors(body, required: RequestContract.required(operation, schemas)) else { continue }
            let pointers = Set(schemas.problems(operation: id, body: .object(broken)).map(\.pointer))
            #expect(pointers.isSuperset(of: expected), "\(id): \(pointers.sorted())")
            checked += 1
        }
        #expect(checked >= 40)
    }

    @Test func eachKeywordRefusesWhatItForbidsAndNothingElse() throws {
        let schemas = try ContractRequestSchemas(yaml: RequestContract.document(
            schema: "{$ref: '#/components/schemas/Thing'}",
            components: """
                Thing:
                  type: object
                  additionalProperties: false
                  required: [id, on]
                  properties:
                    id: {type: string, minLength: 2, maxLength: 5, pattern: '^[a-z]+$'}
                    on: {type: string, format: date}
                    count: {type: integer, minimum: 1, maximum: 3}
                    tags: {type: array, maxItems: 2, uniqueItems: true, items: {type: string}}
                    share: {oneOf: [{type: integer}, {type: string}]}
                    kind: {type: string, enum: [a, b]}
                """))
        func pointers(_ json: String) throws -> [String: String] {
            let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
            return Dictionary(schemas.problems(operation: "makeThing", body: value).map { ($0.pointer, $0.code ?? "") }, uniquingKeysWith: { a, _ in a })
        }
        #expect(try pointers(#"{"id": "abc", "on": "2024-02-29", "count": 3, "tags": ["x", "y"], "share": 5, "kind": "a"}"#) == [:])
        #expect(try pointers(#"{"id": "a", "on": "2023-02-29"}"#) == ["/id": "too-short", "/on": "invalid-date"])
        #expect(try pointers(#"{"id": "abcdef", "on": "2024-13-01"}"#) == ["/id": "too-long", "/on": "invalid-date"])
        #expect(try pointers(#"{"id": "AB", "on": "2024-01-01", "count": 4}"#) == ["/id": "invalid-format", "/count": "too-large"])
        #expect(try pointers(#"{"id": "ab", "on": "2024-01-01", "count": 1.5}"#) == ["/count": "wrong-type"])
        #expect(try pointers(#"{"id": "ab", "on": "2024-01-01", "count": true}"#) == ["/count": "wrong-type"])
        #expect(try pointers(#"{"id": "ab", "on": "2024-01-01", "tags": ["x", "x", "y"]}"#) == ["/tags": "too-many-items", "/tags/1": "duplicate-item"])
        #expect(try pointers(#"{"id": "ab", "on": "2024-01-01", "share": [1]}"#) == ["/share": "no-alternative-matches"])
        #expect(try pointers(#"{"id": "ab", "on": "2024-01-01", "kind": "c"}"#) == ["/kind": "invalid-enum"])
        #expect(try pointers(#"{"on": "2024-01-01", "x/y": 1}"#) == ["/id": "missing-field", "/x~1y": "unknown-field"])
        #expect(try pointers(#"[1]"#) == ["": "wrong-type"])
        // Read as YAML 1.2: `on` is a field's name here, not a boolean.
        #expect(try pointers(#"{"id": "ab"}"#) == ["/on": "missing-field"])
    }

    @Test func aValueFittingNoShapeOfAOneOfIsJudgedByTheShapeItWasMeantFor() throws {
        let schemas = try ContractRequestSchemas(yaml: RequestContract.document(
            schema: "{$ref: '#/components/schemas/Thing'}",
            components: """
                Thing:
                  type: object
                  additionalProperties: false
                  properties:
                    pay: {oneOf: [{$ref: '#/components/schemas/Cash'}, {$ref: '#/components/schemas/Kind'}]}
                    count: {oneOf: [{type: integer}, {type: number}]}
                Cash:
                  type: object
                  additionalProperties: false
                  required: [currency]
                  properties:
                    currency: {type: string, enum: [HKD, JPY]}
                Kind:
                  type: object
                  additionalProperties: false
                  required: [unit]
                  properties:
                    unit: {type: string, enum: [gpu_hours]}
                    quantity: {type: integer}
                """))
        func findings(_ json: String) throws -> [FieldProblem] {
            schemas.problems(operation: "makeThing", body: try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)))
        }
        func codes(_ json: String) throws -> [String: String] {
            Dictionary(try findings(json).map { ($0.pointer, $0.code ?? "") }, uniquingKeysWith: { a, _ in a })
        }
        #expect(try codes(#"{"pay": {"currency": "HKD"}, "count": 1.5}"#) == [:])
        let badCurrency = try findings(#"{"pay": {"currency": "EUR"}}"#)
        #expect(badCurrency.map(\.pointer) == ["/pay/currency"])
        #expect(badCurrency.first?.code == "invalid-enum")
        #expect(badCurrency.first.map { $0.detail.contains("HKD") && $0.detail.contains("JPY") } == true, "\(badCurrency)")
        #expect(try codes(#"{"pay": {"unit": "gpu_hours", "quantity": "5"}}"#) == ["/pay/quantity": "wrong-type"])
        // Neither shape names both fields, and each misses by one: no shape stands out.
        #expect(try codes(#"{"pay": {"currency": "HKD", "unit": "gpu_hours"}}"#) == ["/pay": "no-alternative-matches"])
        #expect(try codes(#"{"pay": 5}"#) == ["/pay": "no-alternative-matches"])
        #expect(try codes(#"{"count": 2}"#) == ["/count": "ambiguous-alternatives"])
    }

    @Test(arguments: [
        // A flow mapping's comma made a keyword of "conference or repository." (found in openapi.yaml).
        "{type: object, properties: {venue: {type: string, description: Journal, conference or repository.}}}",
        "{$ref: '#/components/schemas/Loop'}",
        "{$ref: '#/components/schemas/Thing', maxLength: 3}",
        "{type: object, items: [{type: string}]}",
        "{type: object, required: [id, 3]}",
    ])
    func aSchemaTheCheckWouldMisreadStopsTheServerFromStarting(schema: String) {
        #expect(throws: ContractSchemaError.self) {
            try ContractRequestSchemas(yaml: RequestContract.document(
                schema: schema,
                components: """
                    Thing: {type: string}
                    Loop: {$ref: '#/components/schemas/Loop'}
                    """))
        }
    }
}
