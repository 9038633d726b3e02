import ArgumentParser
import EventStore
import Foundation
import LabLedgerAPI
import Logging
import ServiceLifecycle

/// `labledger demo`: `serve --demo`.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Serve with the demo story of docs/domain.md loaded (as `serve --demo`).")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var api: APIServerOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        var serve = ServeCommand()
        serve.database = database
        serve.api = api
        serve.log = log
        serve.demo = true
        try await serve.run()
    }
}
