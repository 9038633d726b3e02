import ArgumentParser
import Foundation
import LabLedgerPrivacy
import TransparencyLog

struct PersonKeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person-keys",
        abstract: "The key-encryption key (KEK) that wraps every person's data key.",
        subcommands: [Rotate.self, Plaintext.self])

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-wrap every person key with a new KEK, in one transaction; no event changes. Then point the KEK setting at the new file.")
        @Option(name: .customLong("new-kek-file"), help: "The new KEK: read if the file exists, otherwise created (0600).")
        var newKEKFile: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                let setting = database.personKEK()
                let rotated = try await ShortSession.run(database, opensPersonalData: true) { _, connection, logger in
                    let old = try await setting.load(on: connection, logger: logger)
                    let secret = try SigningKeyFile.loadOrCreateSecret(
                        at: URL(fileURLWithPath: newKEKFile), fresh: KeyEncryptionKey.random().secretBytes)
                    guard let new = KeyEncryptionKey(bytes: secret) else { throw ValidationError("\(newKEKFile) does not hold 32 bytes.") }
                    return (try await KEKRotation.rotate(from: old, to: new, on: connection, logger: logger), new.id)
                }
                print("re-wrapped \(rotated.0) person keys with KEK \(rotated.1). Set \(KEKSetting.fileSetting) to \(newKEKFile) before the next start, then destroy the old KEK and its copies.")
            }
        }
    }

    struct Plaintext: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the people whose details events written before sealing hold in plaintext (they cannot be crypto-erased; forgetting masks them).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                let people = try await ShortSession.run(database, opensPersonalData: true) { _, connection, logger in
                    try await PlaintextHistory(logger: logger).people(on: connection)
                }
                if people.isEmpty { print("No event holds personal data in plaintext.") }
                for person in people {
                    print("\(person.person)  \(person.events) events  \(person.erasedOn.map { "forgotten \($0): masked on read" } ?? "readable")")
                }
            }
        }
    }
}
