import ArgumentParser

@main
struct LabLedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labledger",
        abstract: "The event-sourced record of university–industry joint labs.",
        subcommands: [
            ServeCommand.self, WorkCommand.self, MigrateCommand.self, RebuildCommand.self, DeadLettersCommand.self,
            VerifyCommand.self, ExportCommand.self, StatusCommand.self, KeysCommand.self, PersonKeysCommand.self, ForgetCommand.self, DemoCommand.self,
            LogKeyCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}
