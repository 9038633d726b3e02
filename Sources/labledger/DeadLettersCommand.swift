import ArgumentParser
import EventStore
import Foundation
import LabLedgerProjections
import PostgresNIO

struct DeadLettersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letters",
        abstract: "List, retry or skip the events projections could not apply.",
        subcommands: [List.self, Retry.self, Skip.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List parked events (all, with --all: also resolved, skipped, superseded).")
        @Option(help: "Only this projection.") var projection: String?
        @Flag(help: "Include letters that are no longer open.") var all = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                let letters = try await ShortSession.run(database, opensPersonalData: true) { _, connection, logger in
                    try await DeadLetter.list(projection: projection, all: all, on: connection, logger: logger)
                }
                if letters.isEmpty { print("No dead letters.") }
                for letter in letters {
                    print("\(letter.projection)  position \(letter.position)  \(letter.eventType) on \(letter.streamID)@\(letter.streamVersion)  \(letter.status), \(letter.attempts) attempts\n    \(letter.error)")
                }
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Have the worker apply parked events again (after a fix), each stream's in order.")
        @Argument(help: "The projection.") var projection: String
        @Argument(help: "The event's global position; omit to retry all of the projection's parked events.") var position: Int64?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                let count = try await ShortSession.run(database, opensPersonalData: true) { _, connection, logger in
                    try await ProjectionControl.retry(projection, position: position, on: connection, logger: logger)
                }
                print("\(count) event(s) marked for retry; `labledger dead-letters list --all` shows the outcome.")
            }
        }
    }

    struct Skip: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Accept the read model without a parked event. Its stream's later parked events stay parked until retried.")
        @Argument(help: "The projection.") var projection: String
        @Argument(help: "The event's global position.") var position: Int64
        @Option(help: "Who skips it (recorded with the letter).") var by = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await CommandFailure.reporting {
                try await ShortSession.run(database, opensPersonalData: true) { _, connection, logger in
                    try await ProjectionControl.skip(projection, position: position, by: by, on: connection, logger: logger)
                }
                print("Skipped event \(position) for \(projection).")
            }
        }
    }
}
