import Foundation
import Hummingbird

/// What the generated server's query parser refuses with an error that names nothing, and so
/// answered 500: an empty item (`?&limit=5`, `a=1&&b=2`, a trailing `&`) and an item with no
/// `=`. An empty item says nothing, so it is dropped, as browsers and URL builders expect; an
/// item without a value is the caller's mistake, a 400 naming it.
enum QueryString {
    static func normalized(_ request: Request) throws -> Request {
        guard let path = request.head.path, let mark = path.firstIndex(of: "?") else { return request }
        let items = path[path.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false)
        if let bare = items.first(where: { !$0.isEmpty && !$0.contains("=") }) {
            let name = String((String(bare).removingPercentEncoding ?? String(bare)).prefix(60))
            throw Problem.invalid("#query/\(name)", code: "missing-value", "A query parameter needs a value: `\(name)=…`.")
        }
        guard items.contains(where: \.isEmpty) else { return request }
        let kept = items.filter { !$0.isEmpty }
        var head = request.head
        head.path = String(path[..<mark]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        return Request(head: head, body: request.body)
    }
}
