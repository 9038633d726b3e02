import Foundation
import Testing

@testable import LabLedgerAPI

/// Timestamps of the history filters and of `at`, parsed to exact microseconds (no database).
@Suite struct RFC3339Tests {
    @Test func timestampsBecomeExactMicrosecondsSinceTheEpoch() {
        #expect(RFC3339.microseconds("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.microseconds("1969-12-31T23:59:59.999999Z") == -1)
        #expect(RFC3339.microseconds("2019-06-01T14:00:00.25+02:00") == RFC3339.microseconds("2019-06-01T12:00:00.250000Z"))
        #expect(RFC3339.microseconds("2024-02-29t23:59:59.000001z") == 1_709_251_199_000_001)
        let foundation = ISO8601DateFormatter().date(from: "2031-11-07T08:09:10Z").map { Int64($0.timeIntervalSince1970) * 1_000_000 }
        #expect(RFC3339.microseconds("2031-11-07T08:09:10Z") == foundation)
    }

    @Test func anythingButAFullDateTimeWithAnOffsetIsRefused() {
        for text in [
            "2019-06-01", "2019-06-01T00:00:00", "2019-02-29T00:00:00Z", "2019-06-01T24:00:00Z", "2019-06-01T00:00:60Z",
            "2019-06-01T00:00:00.1234567Z", "2019-06-01T00:00:00.Z", "2019-06-01T00:00:00+2:00", "yesterday", "",
        ] {
            #expect(RFC3339.microseconds(text) == nil, "\(text)")
        }
    }
}
