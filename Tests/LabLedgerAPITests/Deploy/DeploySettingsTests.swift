import Foundation
import LabLedgerApp
import Testing

/// The deploy files and the binary agree on configuration: each variable a deploy file sets is
/// one `labledger` reads; in every flavour each process (the API, the workers, the migration)
/// gets what it requires and nothing it does not read; only the migration gets the owner's
/// login and only the workers the log's signing key.
@Suite struct DeploySettingsTests {
    /// Variables deploy/ sets for other programs: the PostgreSQL image's superuser password and data folder.
    static let foreign: Set<String> = ["POSTGRES_PASSWORD_FILE", "PGDATA"]

    /// The three processes of a production deployment.
    enum Process: String, CaseIterable {
        /// `labledger serve` with `LABLEDGER_WORKERS=0`.
        case api
        /// `labledger work`.
        case worker
        /// `labledger migrate`.
        case migration

        /// Every command reads these (`DatabaseOptions`).
        static let database: [EnvironmentSetting] = [
            Settings.databaseURL, Settings.appDatabaseURL, Settings.dataDirectory, Settings.postgresBinaries, Settings.logLevel,
        ]

        /// What the process's command reads (its option groups). The API runs no sequencer, so
        /// it never reads the signing key's file once it is given the public key, nor the
        /// checkpoint interval; the migration is a short command with its own small pool.
        var reads: Set<String> {
            let settings: [EnvironmentSetting] = switch self {
            case .api:
                Self.database + [
                    Settings.databaseReadURL, Settings.databaseConnections, Settings.personKEKFile, Settings.personKEK,
                    Settings.host, Settings.port, Settings.maxBodyBytes, Settings.positionWaitMilliseconds, Settings.stateCacheEntries,
                    Settings.idleTimeoutSeconds, Settings.bodyTimeoutSeconds, Settings.maxConnections, Settings.workers, Settings.demo,
                    Settings.projectionDocumentCache, Settings.projectionRebuildBatch,
                    Settings.consoleIdleMinutes, Settings.consoleMaxSessionHours, Settings.consoleSecureCookies,
                    Settings.logOrigin, Settings.logPublicKey,
                ]
            case .worker:
                Self.database + [
                    Settings.databaseConnections, Settings.personKEKFile, Settings.personKEK,
                    Settings.logOrigin, Settings.logKeyFile, Settings.checkpointIntervalMilliseconds, Settings.projectionDocumentCache,
                    Settings.projectionRebuildBatch,
                ]
            case .migration:
                Self.database
            }
            return Set(settings.flatMap(Self.names))
        }

        /// What the process needs in production, each as the names any one of which will do.
        var requires: [[String]] {
            let kek = [Settings.personKEK.name, Settings.personKEKFile.name]
            return switch self {
            case .api:
                [Self.names(Settings.appDatabaseURL), [Settings.host.name], [Settings.workers.name], Self.names(Settings.logPublicKey), kek]
            case .worker:
                [Self.names(Settings.appDatabaseURL), [Settings.logKeyFile.name], kek]
            case .migration:
                [Self.names(Settings.databaseURL)]
            }
        }

        static func names(_ setting: EnvironmentSetting) -> [String] {
            [setting.name] + (setting.fileVariable.map { [$0] } ?? [])
        }

        /// The process a command line of a deploy file runs.
        static func running(_ line: String) -> Process? {
            if line.contains(#"["serve"]"#) || line.hasSuffix("labledger serve") { return .api }
            if line.contains(#"["work"]"#) || line.hasSuffix("labledger work") { return .worker }
            if line.contains(#"["migrate"]"#) || line.hasSuffix("labledger migrate") { return .migration }
            return nil
        }
    }

    struct Configured {
        var flavour: String
        var block: String
        var process: Process
        var variables: Set<String>
    }

    static let kubernetes = [
        "deploy/kubernetes/api-deployment.yaml", "deploy/kubernetes/worker-deployment.yaml", "deploy/kubernetes/migrate-job.yaml",
    ]
    static let systemd = [
        "deploy/systemd/labledger-api.service", "deploy/systemd/labledger-work.service", "deploy/systemd/labledger-migrate.service",
    ]

    /// Each process of each flavour with every variable it gets: its own lines, the ConfigMaps it
    /// takes with `envFrom`, the environment files its unit loads, and the image's `ENV`.
    static func processes() throws -> [Configured] {
        let image = Set(try DeployFile("deploy/Dockerfile").variables)
        var configMaps: [String: Set<String>] = [:]
        for block in try DeployFile("deploy/kubernetes/configmap.yaml").blocks { configMaps[block.name] = Set(block.variables) }
        var found: [Configured] = []
        for path in ["deploy/compose.yaml"] + kubernetes + systemd {
            for block in try DeployFile(path).blocks {
                let commands = block.lines.map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { $0.hasPrefix("command:") || $0.hasPrefix("args:") || $0.hasPrefix("ExecStart=") }
                // compose's api-2 (`<<: *api`) repeats api-1, which is checked.
                guard let process = commands.lazy.compactMap(Process.running).first else { continue }
                var variables = Set(block.variables)
                if path.hasSuffix(".service") {
                    for line in block.lines {
                        guard let file = line.wholeMatch(of: /EnvironmentFile=-?\/etc\/labledger\/(.+\.env)/)?.1 else { continue }
                        variables.formUnion(try DeployFile("deploy/systemd/\(file)").variables)
                    }
                } else {
                    variables.formUnion(image)
                    for (index, line) in block.lines.enumerated() where line.contains("configMapRef:") && index + 1 < block.lines.count {
                        guard let name = block.lines[index + 1].firstMatch(of: /name: ([a-z0-9-]+)/)?.1 else { continue }
                        let taken = try #require(configMaps[String(name)], "\(path) takes the ConfigMap \(name), which deploy/ lacks")
                        variables.formUnion(taken)
                    }
                }
                let flavour = path.hasSuffix("compose.yaml") ? "compose" : path.contains("kubernetes") ? "kubernetes" : "systemd"
                found.append(Configured(flavour: flavour, block: "\(path) (\(block.name))", process: process, variables: variables))
            }
        }
        return found
    }

    @Test func everyVariableADeployFileSetsIsOneTheBinaryReads() throws {
        let files = try DeployFile.all()
        #expect(files.count >= 10, "deploy/ should hold the compose, Kubernetes and systemd files")
        for file in files {
            let unknown = file.variables.subtracting(Settings.names).subtracting(Self.foreign)
            #expect(unknown.isEmpty, "\(file.path) sets \(unknown.sorted()), which labledger does not read")
        }
    }

    @Test func everyFlavourRunsTheAPITheWorkersAndTheMigration() throws {
        let found = try Self.processes()
        for flavour in ["compose", "kubernetes", "systemd"] {
            let processes = Set(found.filter { $0.flavour == flavour }.map(\.process))
            #expect(processes == Set(Process.allCases), "the \(flavour) deployment runs \(processes.map(\.rawValue).sorted())")
        }
    }

    @Test func eachProcessGetsWhatItRequires() throws {
        for configured in try Self.processes() {
            for names in configured.process.requires {
                #expect(names.contains(where: configured.variables.contains),
                        "\(configured.block), the \(configured.process.rawValue), gets none of \(names)")
            }
        }
    }

    @Test func noProcessGetsASettingItDoesNotRead() throws {
        for configured in try Self.processes() {
            let unread = configured.variables.subtracting(configured.process.reads).subtracting(Self.foreign)
            #expect(unread.isEmpty, "\(configured.block), the \(configured.process.rawValue), gets \(unread.sorted()), which it does not read")
        }
    }

    @Test func onlyTheWorkersGetTheLogsSigningKey() throws {
        let found = try Self.processes()
        #expect(found.contains { $0.process == .worker && $0.variables.contains(Settings.logKeyFile.name) })
        for configured in found where configured.variables.contains(Settings.logKeyFile.name) {
            #expect(configured.process == .worker, "\(configured.block), the \(configured.process.rawValue), gets the signing key's file")
        }
    }

    /// The API serves the public key under the log's name and the worker signs with it: two
    /// names in one flavour would make every checkpoint fail the API's key check.
    @Test func theAPIAndTheWorkersOfEachFlavourNameTheLogAlike() throws {
        let flavours: [(String, [String])] = [
            ("compose", ["deploy/compose.yaml"]),
            ("kubernetes", ["deploy/kubernetes/api-deployment.yaml", "deploy/kubernetes/worker-deployment.yaml"]),
            ("systemd", ["deploy/systemd/labledger-api.env", "deploy/systemd/labledger-work.env"]),
        ]
        for (flavour, paths) in flavours {
            var values: [String] = []
            for path in paths {
                let text = try DeployFile(path).text
                values += text.matches(of: /LABLEDGER_LOG_ORIGIN(?:=|:[ ]+|\n\s+value:[ ]+)"?([^"\s]+)/).map { String($0.1) }
            }
            #expect(values.count == 2, "\(flavour): LABLEDGER_LOG_ORIGIN set \(values.count) times, not once for the API and once for the workers")
            #expect(Set(values).count == 1, "\(flavour): the API and the workers name the log differently: \(values)")
        }
    }

    @Test func onlyTheMigrationConnectsAsTheOwner() throws {
        let owner: Set = [Settings.databaseURL.name, Settings.databaseURL.fileVariable ?? ""]
        let app: Set = [Settings.appDatabaseURL.name, Settings.appDatabaseURL.fileVariable ?? ""]
        var migrations = 0
        for file in try DeployFile.all() {
            for block in file.blocks {
                let variables = Set(block.variables)
                let isMigration = block.lines.contains { $0.contains("migrate") } && !variables.isDisjoint(with: owner)
                if isMigration { migrations += 1 }
                if !variables.isDisjoint(with: owner) {
                    #expect(isMigration, "\(file.path) (\(block.name)) gives the owner's login to a process that is not the migration")
                    #expect(variables.isDisjoint(with: app), "\(file.path) (\(block.name)) gives the migration the application login too")
                }
            }
        }
        #expect(migrations == 3, "one migration each in compose, Kubernetes and systemd; found \(migrations)")
    }

    @Test func theBinaryReadsNoVariableOutsideTheCatalog() throws {
        // The options take their defaults from `Settings`; a literal `environment["…"]`
        // elsewhere would be a setting the deploy files and deploy/README.md do not know.
        let sources = DeployFile.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        var read: Set<String> = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /environment\["([A-Z][A-Z0-9_]*)"\]/) { read.insert(String(match.1)) }
        }
        #expect(!read.isEmpty)
        // USER only names who skipped a dead letter; it configures nothing.
        #expect(read.subtracting(Settings.names).subtracting(["USER"]).isEmpty, "read outside Settings: \(read.subtracting(Settings.names))")
    }

    @Test func deployReadmeListsEverySettingWithItsDefault() throws {
        let readme = try DeployFile("deploy/README.md").text
        for setting in Settings.all {
            #expect(readme.contains("`\(setting.name)`"), "deploy/README.md does not list \(setting.name)")
            if let value = setting.defaultValue {
                let row = readme.split(separator: "\n").first { $0.hasPrefix("| `\(setting.name)`") }
                #expect(row?.contains("`\(value)`") == true, "deploy/README.md does not give \(setting.name)'s default \(value)")
            }
        }
    }
}
