import ArgumentParser
import EventStore
import Foundation
import LabLedgerApp
import LabLedgerPrivacy
import Logging

/// Where the database is: a server named by URL, or the embedded cluster.
struct DatabaseOptions: ParsableArguments {
    // The URLs carry passwords: their environment values are read in `location()`, not taken as
    // the options' defaults, which `--help` would print.
    @Option(name: .customLong("database-url"), help: ArgumentHelp(
        "PostgreSQL URL of a role that owns the schema (it migrates) (env DATABASE_URL or DATABASE_URL_FILE). Without it and without --app-database-url an embedded cluster runs under --data-dir.",
        valueName: "url"))
    var databaseURL: String?

    @Option(name: .customLong("app-database-url"), help: ArgumentHelp(
        "URL the service uses after migrating: a login with the privileges of labledger_app only (env APP_DATABASE_URL or APP_DATABASE_URL_FILE). Defaults to --database-url; given alone, nothing is migrated (run `labledger migrate` as the owner first).",
        valueName: "url"))
    var appDatabaseURL: String?

    @Option(name: .customLong("database-read-url"), help: ArgumentHelp(
        "A streaming replica, as the application login, that answers the API's queries once it has replayed their LabLedger-Position (env DATABASE_READ_URL or DATABASE_READ_URL_FILE). Default: none, the primary answers.",
        valueName: "url"))
    var databaseReadURL: String?

    @Option(name: .customLong("data-dir"), help: "Folder of the embedded PostgreSQL cluster (env LABLEDGER_DATA_DIR).")
    var dataDirectory: String = Settings.dataDirectory.valueOrDefault

    @Option(name: .customLong("person-kek-file"), help: ArgumentHelp(
        "The key-encryption key that wraps every person's data key, created on first start while the database records no KEK; keep it out of the database's backups. Default: <data-dir>/person-kek.key (env LABLEDGER_PERSON_KEK_FILE; LABLEDGER_PERSON_KEK, base64 of 32 bytes, takes precedence).",
        valueName: "path"))
    var personKEKFile: String = Settings.personKEKFile.valueOrDefault

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL).")
    var logLevel: String = Settings.logLevel.valueOrDefault

    @Option(name: .customLong("database-connections"), help: "Connections of the PostgreSQL pool of serve and work (env LABLEDGER_DATABASE_CONNECTIONS); short commands use 4.")
    var databaseConnections: Int = Settings.databaseConnections.integerOrDefault ?? -1

    func validate() throws {
        guard (1...1_000).contains(databaseConnections) else { throw ValidationError("--database-connections must be 1...1000.") }
    }

    /// Where `buildApplication` finds the database.
    func location() throws -> AppConfiguration.Database {
        let owner = try databaseURL.nonEmpty ?? Settings.databaseURL.value()
        let app = try appDatabaseURL.nonEmpty ?? Settings.appDatabaseURL.value()
        switch (owner, app) {
        case (nil, nil):
            return .embedded(dataDirectory: dataDirectory)
        case (nil, let app?):
            return .migrated(app: try DatabaseConfig(url: app))
        case (let owner?, let app):
            let ownerConfig = try DatabaseConfig(url: owner)
            return .server(owner: ownerConfig, app: try app.map { try DatabaseConfig(url: $0) } ?? ownerConfig)
        }
    }

    /// The read replica `serve` routes queries to, if one is named.
    func readReplica() throws -> DatabaseConfig? {
        try (databaseReadURL.nonEmpty ?? Settings.databaseReadURL.value()).map { try DatabaseConfig(url: $0) }
    }

    /// Where the person vault's key-encryption key is.
    func personKEK() -> KEKSetting {
        let file = personKEKFile.isEmpty ? URL(fileURLWithPath: dataDirectory).appendingPathComponent("person-kek.key").path : personKEKFile
        return KEKSetting(file: file, environmentValue: Settings.personKEK.valueOrDefault)
    }

    func makeLogger(label: String = "labledger") -> Logger {
        var logger = Logger(label: label, metadataProvider: .requestScope)
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}

extension Optional where Wrapped == String {
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
