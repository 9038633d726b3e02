import ArgumentParser
import EventStore
import Foundation
import LabLedgerProjections
import LabLedgerReadModels
import Logging
import PostgresNIO
import ServiceLifecycle

struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild read models into fresh tables and swap them in when caught up; the old tables serve until then.",
        discussion: """
            The projection's active worker does the work, wherever it runs; when none runs, this command \
            runs one until the rebuild is swapped in. Progress is printed every few seconds.
            """)

    @Argument(help: "The projections to rebuild (see `labledger status`).")
    var names: [String] = []

    @Flag(help: "Rebuild every projection.")
    var all = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard all != !names.isEmpty else { throw ValidationError("Name projections to rebuild, or pass --all (not both).") }
        let unknown = names.filter { ReadModels.named($0) == nil }
        guard unknown.isEmpty else {
            throw ValidationError("Unknown projection(s) \(unknown.joined(separator: ", ")); known: \(ReadModels.all.map(\.name).joined(separator: ", ")).")
        }
    }

    func run() async throws {
        let chosen = all ? ReadModels.all : names.compactMap(ReadModels.named)
        try await CommandFailure.reporting {
            try await ShortSession.run(database, opensPersonalData: true) { store, connection, logger in
                let worker = ProjectionWorker(projectors: chosen.map(StreamProjector.init), store: store, logger: logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Registers projections that never ran, so a rebuild can be asked of them.
                    group.addTask { try await worker.run() }
                    defer { group.cancelAll() }
                    // The generation each projection serves now; the rebuild's swap moves it on.
                    var generations: [String: Int] = [:]
                    while generations.count < chosen.count {
                        for status in try await ProjectionStatus.all(on: connection, logger: logger)
                        where chosen.contains(where: { $0.name == status.name }) {
                            generations[status.name] = status.generation
                        }
                        if generations.count < chosen.count { try await Task.sleep(for: .milliseconds(200)) }
                    }
                    for projection in chosen {
                        try await ProjectionControl.requestRebuild(projection.name, on: connection, logger: logger)
                    }
                    var lastReport = ContinuousClock.now
                    while true {
                        let statuses = try await ProjectionStatus.all(on: connection, logger: logger)
                            .filter { generations[$0.name] != nil }
                        let done = statuses.filter { $0.generation > (generations[$0.name] ?? 0) && $0.rebuild == nil }
                        if ContinuousClock.now - lastReport > .seconds(3) || done.count == chosen.count {
                            lastReport = .now
                            for status in statuses {
                                let progress = done.contains(status)
                                    ? "swapped in, \(status.eventsApplied) events"
                                    : "\(status.rebuild?.eventsApplied ?? 0) events so far (\(status.state.rawValue))"
                                print("\(status.name): \(progress)")
                            }
                        }
                        if done.count == chosen.count { break }
                        try await Task.sleep(for: .milliseconds(250))
                    }
                }
            }
        }
    }
}
