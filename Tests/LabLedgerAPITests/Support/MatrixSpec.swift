import Foundation
import HTTPTypes

/// The operations of the bundled contract, read from openapi.yaml itself so an operation added
/// to the spec without a row in the matrix fails the matrix.
struct MatrixSpecOperation: Hashable, Sendable {
    var operationID: String
    var method: String
    var path: String
}

enum MatrixSpec {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/LabLedgerContract/openapi.yaml")

    /// Path items are the 2-space-indented keys under `paths:`, methods the 4-space ones under
    /// them, and each operation's `operationId` 6 spaces in (the layout openapi-merge.py keeps).
    static func operations() throws -> [MatrixSpecOperation] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        var inPaths = false
        var path: String?
        var method: String?
        var operations: [MatrixSpecOperation] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" "), !line.hasPrefix("#"), !line.isEmpty {
                inPaths = line == "paths:"
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast(line.hasSuffix(":") ? 1 : 0))
                method = nil
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                method = methods.contains(String(key)) ? String(key) : nil
            } else if line.hasPrefix("      operationId:"), let path, let method {
                let id = line.replacingOccurrences(of: "operationId:", with: "").trimmingCharacters(in: .whitespaces)
                operations.append(MatrixSpecOperation(operationID: id, method: method, path: path))
            }
        }
        return operations
    }
}
