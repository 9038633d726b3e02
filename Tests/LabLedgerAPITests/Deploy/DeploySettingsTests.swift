import Foundation
import LabLedgerApp
import Testing

/// The deploy files and the binary agree on configuration: each variable a deploy file sets is
/// one `labledger` reads, each setting a production deployment needs is set in every flavour,
/// and only the migration gets the owner's login.
@Suite struct DeploySettingsTests {
    /// Variables deploy/ sets for other programs: the PostgreSQL image's superuser password and data folder.
    static let foreign: Set<String> = ["POSTGRES_PASSWORD_FILE", "PGDATA"]

    /// What a production deployment must set: where the application login and the owner are, the
    /// address to listen on, the signing key shared by every process, and the API without workers.
    static let required = [
        Settings.appDatabaseURL, Settings.databaseURL, Settings.host, Settings.logKeyFile, Settings.workers,
    ]

    /// The flavours: the files that together configure one deployment.
    static let flavours: [String: [String]] = [
        "compose": ["deploy/compose.yaml", "deploy/Dockerfile"],
        "kubernetes": [
            "deploy/kubernetes/configmap.yaml", "deploy/kubernetes/api-deployment.yaml",
            "deploy/kubernetes/worker-deployment.yaml", "deploy/kubernetes/migrate-job.yaml",
        ],
        "systemd": [
            "deploy/systemd/labledger.env", "deploy/systemd/labledger-api.service", "deploy/systemd/labledger-work.service",
            "deploy/systemd/labledger-migrate.service",
        ],
    ]

    @Test func everyVariableADeployFileSetsIsOneTheBinaryReads() throws {
        let files = try DeployFile.all()
        #expect(files.count >= 10, "deploy/ should hold the compose, Kubernetes and systemd files")
        for file in files {
            let unknown = file.variables.subtracting(Settings.names).subtracting(Self.foreign)
            #expect(unknown.isEmpty, "\(file.path) sets \(unknown.sorted()), which labledger does not read")
        }
    }

    @Test func everyRequiredSettingIsSetInEveryFlavour() throws {
        for (flavour, paths) in Self.flavours {
            let set = try paths.reduce(into: Set<String>()) { $0.formUnion(try DeployFile($1).variables) }
            for setting in Self.required {
                let names = [setting.name] + (setting.fileVariable.map { [$0] } ?? [])
                #expect(names.contains(where: set.contains), "the \(flavour) deployment sets none of \(names)")
            }
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
