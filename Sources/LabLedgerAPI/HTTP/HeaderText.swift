import Foundation

/// Trimming and percent-decoding for the text every request carries (headers, path parameters,
/// query names), without Foundation where the text is plain ASCII. On Linux Foundation's
/// `trimmingCharacters(in:)` and `removingPercentEncoding` go through `NSString`: in the profile
/// of a stored `GET /v1/ip-assets/{assetId}` the bearer key's trim alone was about 36,000 of the
/// request's ~800,000 instructions (bench/README.md, "Per-request work in the server").
/// Non-ASCII text still goes to Foundation, so the answers are Foundation's in every case.
enum HeaderText {
    /// `text` without the leading and trailing characters of `CharacterSet.whitespaces`: of
    /// ASCII, that set holds only the space and the horizontal tab.
    static func trimmed(_ text: String) -> String { trimmed(text[...]) }

    static func trimmed(_ text: Substring) -> String {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: .whitespaces) }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }) else { return "" }
        // `first` is not blank, so `lastIndex` finds a byte at or after it.
        let last = bytes.lastIndex(where: { !isBlank($0) }) ?? first
        return String(text[first...last])
    }

    /// `text` percent-decoded as `removingPercentEncoding` decodes it (nil where it refuses): text
    /// without `%` decodes to itself.
    static func percentDecoded(_ text: some StringProtocol) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        return text.removingPercentEncoding
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }
}
