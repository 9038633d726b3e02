import Foundation
import Testing
@testable import LabLedgerDomain

/// Test shorthand: parses a literal the test knows to be valid, failing the test otherwise.
func parsed<V: ValidatedString>(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> V {
    do {
        return try V(parsing: text)
    } catch {
        Issue.record("'\(text)' should parse as \(V.self): \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The refusal code a throwing parse gives, or nil if it parsed.
/// Any other error is returned as its description, so the comparison fails visibly.
func valueErrorCode<V>(_ parse: () throws -> V) -> String? {
    do {
        _ = try parse()
        return nil
    } catch let error as ValueError {
        return error.code
    } catch {
        return "not a ValueError: \(error)"
    }
}

func date(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }

func range(_ from: String, _ to: String?) throws -> DateRange {
    try DateRange(from: LocalDate(parsing: from), to: to.map { try LocalDate(parsing: $0) })
}

func currency(_ code: String) throws -> CurrencyCode { try CurrencyCode(parsing: code) }

func money(_ amount: String, _ code: String) throws -> Money { try Money(parsing: amount, currency: currency(code)) }

func jsonString<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try EventJSON.encoder().encode(value), as: UTF8.self)
}
