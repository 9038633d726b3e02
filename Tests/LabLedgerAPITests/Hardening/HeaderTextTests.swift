import Foundation
@testable import LabLedgerAPI
import Testing

/// `HeaderText` answers what Foundation answers, without Foundation for ASCII text.
@Suite struct HeaderTextTests {
    static let trimCases = [
        "", " ", "\t \t", "llk_abc", "  llk_abc", "llk_abc \t", " \tllk abc\t ", "a", " a ", "application/json ",
        "\u{00A0}llk_abc\u{3000}", " \u{2003}x ", "\u{00A0}", "é ", " \u{301}", "x\r\n", "\n x \n",
    ]

    @Test("trimming answers as trimmingCharacters(in: .whitespaces), ASCII or not", arguments: trimCases)
    func trimmingAgreesWithFoundation(_ text: String) {
        #expect(HeaderText.trimmed(text) == text.trimmingCharacters(in: .whitespaces))
        let padded = "x" + text + "x"
        let inner = padded.dropFirst().dropLast()
        #expect(HeaderText.trimmed(inner) == inner.trimmingCharacters(in: .whitespaces))
    }

    static let percentCases = [
        "", "tencent-cuhksz-nlp-2019", "a%20b", "%41%42", "%", "%2", "%zz", "100%", "%C3%A9", "%C3", "é", "a+b", "%E2%82%AC-x",
    ]

    @Test("percent-decoding answers as removingPercentEncoding, also where it refuses", arguments: percentCases)
    func percentDecodingAgreesWithFoundation(_ text: String) {
        #expect(HeaderText.percentDecoded(text) == text.removingPercentEncoding)
        #expect(HeaderText.percentDecoded(text[...]) == text.removingPercentEncoding)
    }
}
