import Foundation
import Hummingbird

/// What the generated server's query parser refuses with an error that names nothing, and so
/// answered 500: an empty item (`?&limit=5`, `a=1&&b=2`, a trailing `&`) and an item with no
/// `=`. Both are read as HTML forms and URLSearchParams read them: an empty item is dropped,
/// and `name` alone is `name=`, an empty value, which the operation then judges like any other
/// (an empty `limit` is a 400 naming it; a name the operation does not take is ignored).
enum QueryString {
    static func normalized(_ request: Request) -> Request {
        // Scanned as bytes: most requests have no query, and walking a path by characters cost
        // ~15,000 instructions a request (bench/README.md, "Per-request work in the server").
        guard let path = request.head.path, let mark = path.utf8.firstIndex(of: UInt8(ascii: "?")) else { return request }
        let items = path[path.utf8.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false)
        guard items.contains(where: { $0.isEmpty || !$0.contains("=") }) else { return request }
        let kept = items.filter { !$0.isEmpty }.map { $0.contains("=") ? String($0) : $0 + "=" }
        var head = request.head
        head.path = String(path[..<mark]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        return Request(head: head, body: request.body)
    }
}
