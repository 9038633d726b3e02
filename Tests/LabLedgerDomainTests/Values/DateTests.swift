import Foundation
import Testing
@testable import LabLedgerDomain

@Suite("Local dates and half-open date ranges")
struct DateTests {
    @Test("dates parse strictly as YYYY-MM-DD and know leap years")
    func parsing() throws {
        #expect(try date("2018-05-21").rawValue == "2018-05-21")
        #expect(try date("2020-02-29").day == 29)
        #expect(valueErrorCode { try LocalDate(parsing: "2019-02-29") } == "date.invalid")
        #expect(valueErrorCode { try LocalDate(parsing: "1900-02-29") } == "date.invalid")
        #expect(valueErrorCode { try LocalDate(parsing: "2018-13-01") } == "date.invalid")
        #expect(valueErrorCode { try LocalDate(parsing: "2018-5-21") } == "date.invalid-format")
        #expect(valueErrorCode { try LocalDate(parsing: "2018-05-21T00:00:00Z") } == "date.invalid-format")
        #expect(valueErrorCode { try LocalDate(parsing: "+018-05-21") } == "date.invalid-format")
    }

    @Test("dates order chronologically and count days across leap years")
    func arithmetic() throws {
        #expect(try date("2018-05-21") < date("2018-06-12"))
        #expect(try date("2018-05-21").days(until: date("2018-06-12")) == 22)
        #expect(try date("1970-01-01").daysSinceEpoch == 0)
        #expect(try date("2020-02-28").adding(days: 1) == date("2020-02-29"))
        #expect(try date("2018-12-31").adding(days: 1) == date("2019-01-01"))
        #expect(try date("2018-06-12").adding(days: -365) == date("2017-06-12"))
    }

    @Test("a date encodes as its ISO 8601 string")
    func json() throws {
        #expect(try jsonString(date("2018-06-15")) == #""2018-06-15""#)
        #expect(try EventJSON.decoder().decode(LocalDate.self, from: Data(#""2018-06-15""#.utf8)) == date("2018-06-15"))
    }

    @Test("a range is half-open: it contains its start and not its end")
    func halfOpen() throws {
        let june = try range("2018-06-01", "2018-07-01")
        #expect(try june.contains(date("2018-06-01")))
        #expect(try june.contains(date("2018-06-30")))
        #expect(try !june.contains(date("2018-07-01")))
        #expect(try !june.contains(date("2018-05-31")))
        #expect(try range("2018-06-01", nil).contains(date("2999-01-01")))
    }

    @Test("adjacent ranges meet without overlapping; open ends overlap everything later")
    func overlaps() throws {
        let june = try range("2018-06-01", "2018-07-01")
        let july = try range("2018-07-01", "2018-08-01")
        #expect(!june.overlaps(july))
        #expect(!july.overlaps(june))
        #expect(try june.overlaps(range("2018-06-30", "2018-07-02")))
        #expect(try range("2018-01-01", nil).overlaps(july))
        #expect(try !range("2018-08-01", nil).overlaps(july))
    }

    @Test("a range contains another only if every day of it is inside")
    func containsRange() throws {
        let term = try range("2018-06-12", "2023-06-12")
        #expect(try term.contains(range("2019-07-01", "2019-09-01")))
        #expect(try !term.contains(range("2023-06-01", "2023-07-01")))
        #expect(try !term.contains(range("2019-07-01", nil)))
        #expect(try range("2018-06-12", nil).contains(range("2019-07-01", nil)))
    }

    @Test("an empty or inverted range is refused, also when decoded")
    func emptyRange() throws {
        #expect(valueErrorCode { try range("2018-06-01", "2018-06-01") } == "date-range.empty")
        #expect(valueErrorCode { try range("2018-06-02", "2018-06-01") } == "date-range.empty")
        #expect(throws: DecodingError.self) {
            try EventJSON.decoder().decode(DateRange.self, from: Data(#"{"from":"2018-06-02","to":"2018-06-01"}"#.utf8))
        }
        #expect(try jsonString(range("2018-06-01", nil)) == #"{"from":"2018-06-01"}"#)
    }
}
