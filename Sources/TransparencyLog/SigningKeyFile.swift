import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the log's signing key file could not be used.
public enum SigningKeyFileError: Error, Equatable, Sendable {
    /// Group or others may read or write it: the key may have leaked, so it is not used
    /// (as ssh treats private keys). `chmod 600` it if that is known to be safe.
    case insecurePermissions(path: String, mode: UInt32)
    case notARegularFile(path: String)
    /// Not one line of base64 holding a 32-byte Ed25519 seed.
    case malformed(path: String)
    /// A system call failed; `errno` says why.
    case system(path: String, operation: String, errno: Int32)
    /// The folder for the file could not be created.
    case cannotCreateFolder(path: String, reason: String)
}

/// The file holding the log's Ed25519 signing key: the 32-byte seed (RFC 8032 private key) in
/// base64 and a newline, mode 0600, in a folder created 0700 if missing. Losing it means the
/// log can no longer sign checkpoints auditors accept, so it is created once and never replaced.
public enum SigningKeyFile {
    /// The key in the file at `url`, after creating the file with a fresh key when there is none.
    /// Two processes racing to create it end up with the same key: the file appears whole or not
    /// at all (written aside, then hard-linked into place, which fails if the name exists).
    public static func loadOrCreate(at url: URL) throws(SigningKeyFileError) -> Curve25519.Signing.PrivateKey {
        if let key = try load(at: url) { return key }
        let key = Curve25519.Signing.PrivateKey()
        if try create(at: url, contents: Array((key.rawRepresentation.base64EncodedString() + "\n").utf8)) {
            return key
        }
        // Another process created it first: use theirs.
        guard let theirs = try load(at: url) else {
            throw .system(path: url.path, operation: "open", errno: ENOENT)
        }
        return theirs
    }

    /// The key in the file, or nil when there is no file.
    public static func load(at url: URL) throws(SigningKeyFileError) -> Curve25519.Signing.PrivateKey? {
        guard let seed = try loadSecret(at: url) else { return nil }
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else { throw .malformed(path: url.path) }
        return key
    }

    /// The 32 secret bytes in a key file of this format (base64 and a newline, 0600), or nil
    /// when there is no file. The person vault keeps its key-encryption key the same way.
    public static func loadSecret(at url: URL) throws(SigningKeyFileError) -> Data? {
        let path = url.path
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .system(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        // Checked on the open descriptor, so the file judged is the file read.
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .system(path: path, operation: "fstat", errno: errno) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(path: path) }
        let mode = UInt32(status.st_mode) & 0o777
        guard mode & 0o077 == 0 else { throw .insecurePermissions(path: path, mode: mode) }

        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(path: path, operation: "read", errno: errno)
            }
            if count == 0 { break }
            contents += buffer[..<count]
            // A seed is 45 bytes of text; anything much longer is not a key file.
            guard contents.count <= 4096 else { throw .malformed(path: path) }
        }
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let seed = Data(base64Encoded: text), seed.count == 32 else { throw .malformed(path: path) }
        return seed
    }

    /// The secret in the file at `url`, after creating the file with `fresh` when there is none
    /// (as `loadOrCreate`: a racing process's file wins).
    public static func loadOrCreateSecret(at url: URL, fresh: Data) throws(SigningKeyFileError) -> Data {
        if let secret = try loadSecret(at: url) { return secret }
        if try create(at: url, contents: Array((fresh.base64EncodedString() + "\n").utf8)) { return fresh }
        guard let theirs = try loadSecret(at: url) else { throw .system(path: url.path, operation: "open", errno: ENOENT) }
        return theirs
    }

    /// Writes `contents` to a new file at `url`; false when a file is already there.
    private static func create(at url: URL, contents: [UInt8]) throws(SigningKeyFileError) -> Bool {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotCreateFolder(path: folder.path, reason: error.localizedDescription)
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        // 0600 from the first instant: the umask can only take permissions away.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .system(path: temporary, operation: "open", errno: errno) }
        defer { unlink(temporary) }
        var written = 0
        while written < contents.count {
            let count = contents[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let failure = errno
                close(fd)
                throw .system(path: temporary, operation: "write", errno: failure)
            }
            written += count
        }
        // On disk before it has its name, so a crash cannot leave an empty key file behind.
        guard fsync(fd) == 0 else {
            let failure = errno
            close(fd)
            throw .system(path: temporary, operation: "fsync", errno: failure)
        }
        close(fd)
        if link(temporary, url.path) != 0 {
            if errno == EEXIST { return false }
            throw .system(path: url.path, operation: "link", errno: errno)
        }
        return true
    }
}
