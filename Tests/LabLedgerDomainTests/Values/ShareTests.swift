import Foundation
import Testing
@testable import LabLedgerDomain

@Suite("Basis-point shares")
struct ShareTests {
    @Test("a share is 0 to 10000 basis points")
    func range() throws {
        #expect(try BasisPoints(0) == .zero)
        #expect(try BasisPoints(10_000) == .hundredPercent)
        #expect(valueErrorCode { try BasisPoints(10_001) } == "basis-points.out-of-range")
        #expect(valueErrorCode { try BasisPoints(-1) } == "basis-points.out-of-range")
    }

    @Test("a split must total exactly 10000")
    func wholeSplit() throws {
        let halves = [try BasisPoints(5000), try BasisPoints(5000)]
        #expect(BasisPoints.sumsToWhole(halves))
        #expect(throws: Never.self) { try BasisPoints.requireWhole(halves) }
        let short = [try BasisPoints(3333), try BasisPoints(3333), try BasisPoints(3333)]
        #expect(!BasisPoints.sumsToWhole(short))
        #expect(valueErrorCode { try BasisPoints.requireWhole(short) } == "basis-points.must-total-100-percent")
        #expect(!BasisPoints.sumsToWhole([]))
    }

    @Test("a share encodes as a bare integer and refuses out-of-range JSON")
    func json() throws {
        #expect(try jsonString(BasisPoints(2500)) == "2500")
        #expect(throws: (any Error).self) {
            try EventJSON.decoder().decode(BasisPoints.self, from: "10001".data(using: .utf8) ?? .init())
        }
    }
}
