import Crypto
import Foundation

/// What a forger does after editing a bundle: a new end line whose count and seal match the
/// edited lines (version 2 seals every line but the event lines, version 1 every line).
enum BundleReseal {
    static func sealed(_ lines: [String], version: Int = 2) -> Data {
        var hasher = SHA256()
        for line in lines where version == 1 || !line.hasPrefix(#"{"type":"event","#) { hasher.update(data: Data((line + "\n").utf8)) }
        let seal = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let events = lines.filter { $0.hasPrefix(#"{"type":"event","#) }.count
        return Data((lines.joined(separator: "\n") + "\n").utf8) + Data(#"{"events":\#(events),"sha256":"\#(seal)","type":"end"}"#.utf8 + [0x0A])
    }
}
