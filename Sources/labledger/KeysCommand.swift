import ArgumentParser
import Foundation
import LabLedgerAPI
import LabLedgerDomain

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make, list and revoke API keys (stored hashed; a key is shown once, when made).",
        subcommands: [Create.self, List.self, Revoke.self],
        defaultSubcommand: List.self)

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a key and print it once.")
        @Option(help: "admin, operator, university, company or auditor.") var role: String
        @Option(help: "The party a university or company key acts for.") var party: String?
        @Option(help: "A note for the listing (who holds the key).") var label: String = ""
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard let role = Principal.Role(rawValue: role) else {
                throw ValidationError("--role is one of \(Principal.Role.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            let needsParty = role == .university || role == .company
            if needsParty, party == nil { throw ValidationError("\(IndefiniteArticle.before(role.rawValue, capitalized: true)) key acts for one party: give --party.") }
            if !needsParty, party != nil { throw ValidationError("\(IndefiniteArticle.before(role.rawValue, capitalized: true)) key acts for no party: leave out --party.") }
            if let party {
                do { _ = try PartyID(parsing: party) } catch { throw ValidationError("--party: \(error.message)") }
            }
        }

        func run() async throws {
            try await CommandFailure.reporting {
                let made = try await ShortSession.run(database) { store, _, logger in
                    let role = Principal.Role(rawValue: role) ?? .auditor
                    let party = try party.map { try PartyID(parsing: $0) }
                    return try await APIKeyStore(client: store.client, logger: logger).createForRegisteredParty(
                        role: role, party: party, label: label, store: store)
                }
                print(made.key.text)
                FileHandle.standardError.write(Data(
                    "key \(made.principal.keyID): \(made.principal.role.rawValue)\(made.principal.party.map { " for \($0)" } ?? ""). It is not stored and cannot be shown again.\n".utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                let keys = try await ShortSession.run(database) { store, _, logger in
                    try await APIKeyStore(client: store.client, logger: logger).list()
                }
                if keys.isEmpty { print("No keys. Make one with: labledger keys create --role admin") }
                for key in keys {
                    let state = key.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
                    print("\(key.keyID)  \(key.role.rawValue)\(key.party.map { " for \($0)" } ?? "")  \(state)  made \(key.createdAt.formatted(.iso8601))  \(key.label)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; it stops working within 2 seconds on every server.")
        @Argument(help: "The key id (the part after llk_ and before the next _).") var keyID: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                let revoked = try await ShortSession.run(database) { store, _, logger in
                    try await APIKeyStore(client: store.client, logger: logger).revoke(keyID: keyID)
                }
                guard revoked else { throw CommandFailure(description: "No active key '\(keyID)'.") }
                print("Revoked \(keyID).")
            }
        }
    }
}
