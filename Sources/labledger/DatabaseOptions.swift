import ArgumentParser
import EventStore
import Foundation
import LabLedgerApp
import LabLedgerPrivacy
import Logging

/// Where the database is: a server named by URL, or the embedded cluster.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: ArgumentHelp(
        "PostgreSQL URL of a role that owns the schema (it migrates). Without it an embedded cluster runs under --data-dir.",
        valueName: "url"))
    var databaseURL: String = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""

    @Option(name: .customLong("app-database-url"), help: ArgumentHelp(
        "URL the service uses after migrating: a login with the privileges of labledger_app only. Defaults to --database-url.",
        valueName: "url"))
    var appDatabaseURL: String = ProcessInfo.processInfo.environment["APP_DATABASE_URL"] ?? ""

    @Option(name: .customLong("data-dir"), help: "Folder of the embedded PostgreSQL cluster (env LABLEDGER_DATA_DIR).")
    var dataDirectory: String = ProcessInfo.processInfo.environment["LABLEDGER_DATA_DIR"] ?? ".labledger"

    @Option(name: .customLong("person-kek-file"), help: ArgumentHelp(
        "The key-encryption key that wraps every person's data key, created on first start while no person key exists; keep it out of the database's backups. Default: <data-dir>/person-kek.key (env LABLEDGER_PERSON_KEK_FILE; LABLEDGER_PERSON_KEK, base64 of 32 bytes, takes precedence).",
        valueName: "path"))
    var personKEKFile: String = ProcessInfo.processInfo.environment["LABLEDGER_PERSON_KEK_FILE"] ?? ""

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info"

    /// Where `buildApplication` finds the database.
    func location() throws -> AppConfiguration.Database {
        if databaseURL.isEmpty { return .embedded(dataDirectory: dataDirectory) }
        let owner = try DatabaseConfig(url: databaseURL)
        return .server(owner: owner, app: appDatabaseURL.isEmpty ? owner : try DatabaseConfig(url: appDatabaseURL))
    }

    /// Where the person vault's key-encryption key is.
    func personKEK() -> KEKSetting {
        let file = personKEKFile.isEmpty ? URL(fileURLWithPath: dataDirectory).appendingPathComponent("person-kek.key").path : personKEKFile
        return KEKSetting(file: file, environmentValue: ProcessInfo.processInfo.environment[KEKSetting.environmentSetting])
    }

    func makeLogger(label: String = "labledger") -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}
