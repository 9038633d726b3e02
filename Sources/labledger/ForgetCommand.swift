import ArgumentParser
import Foundation
import LabLedgerDomain
import LabLedgerPrivacy

/// `labledger forget PERSON --reason …`: crypto-shreds one person (docs/domain.md, "Erasure").
struct ForgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Erase a person: destroy their key, record PersonErased, purge them from the read models. Every hash and proof stays valid.")

    @Argument(help: "The person's pseudonymous id (PersonID).") var person: String
    @Option(help: "Why, as it will be recorded for ever: a request or ticket reference, never personal data (at most 500 characters).")
    var reason: String
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        do { _ = try PersonID(parsing: person) } catch { throw ValidationError("PERSON: \(error.message)") }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= PersonErasure.reasonLimit else {
            throw ValidationError("--reason must be 1…\(PersonErasure.reasonLimit) characters.")
        }
    }

    func run() async throws {
        try await CommandFailure.reporting {
            let id = try PersonID(parsing: person)
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            let outcome = try await ShortSession.run(database, opensPersonalData: true) { store, _, logger in
                guard let vault = store.protection as? PersonVault else { throw CommandFailure(description: "the store runs without the person vault") }
                return try await PersonErasure(store: store, vault: vault, logger: logger)
                    .forget(id, reason: reason, actor: "cli:forget", today: try PersonErasure.today())
            }
            switch outcome.erasure {
            case .erased(let day):
                print("\(id) erased on \(day): key destroyed, PersonErased recorded in \(PersonErasure.stream(of: id)), read models purged.")
            case .alreadyErased(let day):
                print("\(id) was already erased on \(day); nothing changed.")
            case .unknown:
                throw CommandFailure(description: "No person \(id) is known: no event holds personal data under that id.")
            }
            if outcome.plaintextEvents > 0 {
                print("warning: \(outcome.plaintextEvents) events written before sealing hold \(id)'s details in plaintext. Every read shows them erased, but the bytes stay in the events table and its backups; see docs/domain.md, \"History written before sealing\".")
            }
        }
    }
}
