import Foundation
import Testing
import TransparencyLog

@Suite struct SigningKeyFileTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tlog-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aMissingKeyIsCreatedOwnerOnlyInANewFolderAndThenReused() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("keys/log/signing.key")
        let created = try SigningKeyFile.loadOrCreate(at: url)
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: url.deletingLastPathComponent().path)
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let loaded = try SigningKeyFile.loadOrCreate(at: url)
        #expect(loaded.rawRepresentation == created.rawRepresentation)
        // Nothing but the key file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["signing.key"])
    }

    @Test func theFileIsTheBase64SeedAndANewline() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("signing.key")
        let key = try SigningKeyFile.loadOrCreate(at: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == key.rawRepresentation.base64EncodedString() + "\n")
    }

    @Test func aKeyFileOthersCanReadIsRefused() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("signing.key")
        _ = try SigningKeyFile.loadOrCreate(at: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        #expect(throws: SigningKeyFileError.insecurePermissions(path: url.path, mode: 0o644)) { try SigningKeyFile.loadOrCreate(at: url) }
    }

    @Test func aFileThatIsNoKeyIsRefusedNotReplaced() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = root.appendingPathComponent("signing.key")
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data("not a key\n".utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: SigningKeyFileError.malformed(path: url.path)) { try SigningKeyFile.loadOrCreate(at: url) }
        #expect(try String(contentsOf: url, encoding: .utf8) == "not a key\n")
    }

    @Test func aMissingKeyLoadsAsNothing() throws {
        let root = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try SigningKeyFile.load(at: root.appendingPathComponent("none")) == nil)
    }
}
