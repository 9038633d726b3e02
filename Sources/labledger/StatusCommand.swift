import ArgumentParser
import EventStore
import Foundation
import LabLedgerApp
import LabLedgerProjections
import PostgresNIO

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print what the store holds, how far the gap-safe watermark lags, and each projection's state, checkpoint and lag.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await CommandFailure.reporting {
            let (store, projections) = try await ShortSession.run(database) { store, connection, logger in
                (try await StoreStatus.read(from: store), try await ProjectionStatus.all(on: connection, logger: logger))
            }
            print(store.summary)
            if projections.isEmpty { print("No projection has run yet.") }
            for p in projections {
                var line = "\(p.name) v\(p.version): \(p.state.rawValue), \(p.eventsApplied) events applied, at \(p.checkpoint), "
                    + "lag \(p.lagEvents) events / \(String(format: "%.1f", p.lagSeconds)) s"
                if p.openDeadLetters > 0 { line += ", \(p.openDeadLetters) dead letters" }
                if let rebuild = p.rebuild { line += ", rebuilding (\(rebuild.eventsApplied) events so far)" }
                if let error = p.lastError { line += "\n    \(error)" }
                print(line)
            }
        }
    }
}
