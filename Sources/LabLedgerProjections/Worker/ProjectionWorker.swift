import EventStore
import Logging
import ServiceLifecycle

/// Keeps read models up to date: one runner per projection, each active only while it holds
/// the projection's advisory lock, so any number of workers may run against one database
/// and each projection is applied by exactly one of them. Stops gracefully: a runner
/// finishes (commits) the page in hand and lets its lock go.
public struct ProjectionWorker: Service {
    let runners: [ProjectionRunner]

    public init(
        projectors: [any Projector], store: PostgresEventStore, options: ProjectionWorkerOptions = ProjectionWorkerOptions(),
        logger: Logger
    ) {
        let bell = CommitBell()
        runners = projectors.map { ProjectionRunner(projector: $0, store: store, options: options, logger: logger, bell: bell) }
    }

    public func run() async throws {
        let stop = StopSignal()
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for runner in runners {
                    group.addTask { await runner.run(stop: stop) }
                }
            }
        } onGracefulShutdown: {
            stop.set()
        }
    }
}
