import Foundation
import Mustache

/// The console's Mustache templates, read once at start from the target's resources (shipped
/// with the binary like `openapi.yaml`). `{{name}}` HTML-escapes; the templates use no
/// triple mustaches except for SVG markup the console itself builds from escaped parts.
struct Templates: Sendable {
    let library: MustacheLibrary

    static func bundled() throws -> Templates {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ConsoleSetupError("the console's templates were not bundled")
        }
        return try Templates(folder: folder)
    }

    init(folder: URL) throws {
        var library = MustacheLibrary()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        for file in names {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
    }

    func render(_ view: Any, _ template: String) throws -> String {
        guard let html = library.render(view, withTemplate: template) else {
            throw ConsoleSetupError("no template named '\(template)'")
        }
        return html
    }
}

struct ConsoleSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
