/// What the values' byte readings (dates, ORCID iDs, DOIs) share: reading a string's UTF-8 in
/// place, and ASCII prefixes matched the way the general readings' `lowercased()` /
/// `uppercased()` match them for ASCII text.
enum ASCIIBytes {
    /// `body` over `text`'s UTF-8 bytes; a no-op copy for native strings, a bridged or lazily
    /// stored one is made contiguous once.
    static func read<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable(body) ?? nil
    }

    /// The length of the first of `prefixes` (each in lower case) that `bytes` starts with,
    /// letters in either case and everything else exactly; 0 when none does.
    static func prefixLength(of bytes: UnsafeBufferPointer<UInt8>, among prefixes: [[UInt8]]) -> Int {
        let lowered = { (byte: UInt8) in (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte }
        for prefix in prefixes where bytes.count >= prefix.count {
            if zip(bytes, prefix).allSatisfy({ lowered($0) == $1 }) { return prefix.count }
        }
        return 0
    }

    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
