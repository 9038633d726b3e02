import Foundation

/// The deploy files of the repository, read as text: which environment variables each sets, and
/// for which process. Deliberately small parsers for the shapes deploy/ uses (a YAML mapping or
/// `- name:` list per environment, `KEY=value` lines, `Environment=KEY=value`, `ENV KEY=value`).
struct DeployFile {
    let path: String
    let text: String

    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init(_ path: String) throws {
        self.path = path
        text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file under deploy/ that sets variables for a LabLedger process.
    static func all() throws -> [DeployFile] {
        let folder = root.appendingPathComponent("deploy")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .map { String($0.resolvingSymlinksInPath().path.dropFirst(root.resolvingSymlinksInPath().path.count + 1)) }
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".service") || $0.hasSuffix(".env") || $0.hasSuffix("Dockerfile") } ?? []
        return try files.sorted().map(DeployFile.init)
    }

    /// The names this file sets as environment variables, wherever in it.
    var variables: Set<String> {
        Set(blocks.flatMap(\.variables))
    }

    /// The file cut into the parts that configure one process each: compose's services, a
    /// Kubernetes document, or the whole file.
    var blocks: [Block] {
        if path.hasSuffix("compose.yaml") {
            var blocks: [Block] = []
            var inServices = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if !line.hasPrefix(" "), !line.isEmpty { inServices = line.hasPrefix("services:") }
                if inServices, let name = line.wholeMatch(of: #/  ([a-z0-9-]+):.*/#)?.1 {
                    blocks.append(Block(name: String(name), lines: []))
                } else if inServices, !blocks.isEmpty {
                    blocks[blocks.count - 1].lines.append(String(line))
                }
            }
            return blocks
        }
        if path.hasSuffix(".yaml") {
            return text.split(separator: "\n---\n").map { document in
                Block(name: String(document.firstMatch(of: /\n  name: ([a-z0-9-]+)/)?.1 ?? "?"), lines: document.split(separator: "\n").map(String.init))
            }
        }
        return [Block(name: path, lines: text.split(separator: "\n").map(String.init))]
    }

    struct Block {
        var name: String
        var lines: [String]

        var variables: [String] {
            lines.compactMap { line -> Substring? in
                if line.trimmingPrefix(while: \.isWhitespace).hasPrefix("#") { return nil }
                // `KEY: value` (compose environment, ConfigMap data), `- name: KEY` (a container's env),
                // `KEY=value` (environment files), `Environment=KEY=value` (systemd), `ENV KEY=value`
                // and its continuation lines (Dockerfile).
                if let match = line.wholeMatch(of: /\s+([A-Z][A-Z0-9_]*):(\s.*)?/) { return match.1 }
                if let match = line.wholeMatch(of: /\s*- name: ([A-Z][A-Z0-9_]*)\s*/) { return match.1 }
                if let match = line.wholeMatch(of: /(?:Environment=|ENV |\s+)?([A-Z][A-Z0-9_]*)=.*/) { return match.1 }
                return nil
            }.map(String.init)
        }
    }
}
