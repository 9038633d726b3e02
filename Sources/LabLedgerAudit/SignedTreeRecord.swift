import Foundation
import TransparencyLog

/// The last tree this key signed, kept in a file beside the key — outside the database — so
/// that the sequencer signs only trees that extend it. Whoever can write the database could
/// otherwise empty the log tables, rewrite events and have the real key sign the forgery.
public struct SignedTreeRecord: Sendable {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public struct Tree: Sendable, Equatable {
        public var size: Int64
        public var root: LogHash
    }

    struct Malformed: Error, CustomStringConvertible {
        var url: URL
        var description: String { "\(url.path) is not a signed-tree record (`<size> <base64 root>`); restore it from a backup" }
    }

    /// Nil before the first signature.
    public func read() throws -> Tree? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let text = try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: " ")
        guard parts.count == 2, let size = Int64(parts[0]), let root = LogHash(base64: String(parts[1])) else {
            throw Malformed(url: url)
        }
        return Tree(size: size, root: root)
    }

    /// Written aside, flushed and renamed into place: a crash leaves the old record or the new.
    public func write(_ tree: Tree) throws {
        let aside = url.appendingPathExtension("new")
        let data = Data("\(tree.size) \(tree.root.base64)\n".utf8)
        FileManager.default.createFile(atPath: aside.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let handle = try FileHandle(forWritingTo: aside)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
        // rename(2) replaces the old record atomically (Foundation's replace wants it to exist).
        guard rename(aside.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
        }
    }
}

/// Whether a tree may be signed after the last signed one: only one that extends it, which
/// the consistency proof from the stored subtrees shows.
public enum SigningGuard {
    public enum Verdict: Sendable, Equatable {
        case sign
        case refuse(String)
    }

    public static func judge(last: SignedTreeRecord.Tree?, size: Int64, root: LogHash, proof: [LogHash]) -> Verdict {
        guard let last else { return .sign }
        if size < last.size {
            return .refuse("the log has \(size) leaves, fewer than the \(last.size) this key signed")
        }
        if size == last.size {
            return root == last.root ? .sign : .refuse("the tree of \(size) leaves has another root than the one this key signed")
        }
        guard ProofVerifier.verifyConsistency(from: last.size, to: size, proof: proof, oldRoot: last.root, newRoot: root) else {
            return .refuse("the log of \(size) leaves does not extend the \(last.size) this key signed (consistency proof fails)")
        }
        return .sign
    }
}
