import Foundation
import LabLedgerApp
import Testing

@Suite struct EnvironmentSettingTests {
    let secret = EnvironmentSetting("EXAMPLE_URL", secret: true)

    @Test func aSetVariableWinsOverItsFile() throws {
        #expect(try secret.value(in: ["EXAMPLE_URL": "direct", "EXAMPLE_URL_FILE": "/nonexistent"]) == "direct")
    }

    @Test func aSecretIsReadFromTheFileItsFileVariableNamesWithoutTheTrailingNewline() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("setting-\(UUID().uuidString)")
        try "postgres://u:p@h/d\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try secret.value(in: ["EXAMPLE_URL_FILE": file.path]) == "postgres://u:p@h/d")
    }

    @Test func anUnreadableOrEmptyFileIsAnErrorNamingTheVariableAndPathNotTheContent() throws {
        let missing = "/nonexistent/secret-\(UUID().uuidString)"
        #expect {
            try secret.value(in: ["EXAMPLE_URL_FILE": missing])
        } throws: { error in
            "\(error)".contains("EXAMPLE_URL_FILE=\(missing)")
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("setting-\(UUID().uuidString)")
        try "\n".write(to: empty, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect {
            try secret.value(in: ["EXAMPLE_URL_FILE": empty.path])
        } throws: { error in
            "\(error)".contains("empty")
        }
    }

    @Test func aSettingThatIsNotSecretHasNoFileVariable() throws {
        let plain = EnvironmentSetting("EXAMPLE_PORT", default: "8080")
        #expect(plain.fileVariable == nil)
        #expect(try plain.value(in: ["EXAMPLE_PORT_FILE": "/etc/passwd"]) == nil)
        #expect(try plain.value(in: [:]) == nil)
    }

    @Test func aPublicSettingMarkedAsFileReadsItsFileButIsNoSecret() throws {
        let publicKey = EnvironmentSetting("EXAMPLE_PUBLIC_KEY", file: true)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("setting-\(UUID().uuidString)")
        try "origin+01234567+AAAA\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(!publicKey.isSecret)
        #expect(publicKey.fileVariable == "EXAMPLE_PUBLIC_KEY_FILE")
        #expect(try publicKey.value(in: ["EXAMPLE_PUBLIC_KEY_FILE": file.path]) == "origin+01234567+AAAA")
        #expect(Settings.names.contains("LABLEDGER_LOG_PUBLIC_KEY_FILE"))
    }

    @Test func everySettingHasOneNameAndEverySecretIsAURL() {
        #expect(Set(Settings.all.map(\.name)).count == Settings.all.count)
        #expect(Set(Settings.all.filter(\.isSecret).map(\.name)) == ["DATABASE_URL", "APP_DATABASE_URL", "DATABASE_READ_URL"])
    }
}
