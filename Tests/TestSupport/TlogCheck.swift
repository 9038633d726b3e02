import Foundation

/// Go's golang.org/x/mod/sumdb/note and sumdb/tlog as a checker of LabLedger's checkpoints and
/// proofs (Tests/Interop/tlogcheck): what an auditor with nothing but the Go toolchain runs.
/// Needs the Debian packages golang-go and golang-golang-x-mod-dev (scripts/test.sh installs them).
public enum TlogCheck {
    public static let goPath = "/usr/share/gocode"
    public static let missingGo = "Go interop needs the Go toolchain and Go's x/mod source: apt-get install golang-go golang-golang-x-mod-dev (scripts/test.sh does it through ensure_go)"

    /// The case file tlogcheck reads.
    public struct Cases: Encodable, Sendable {
        public struct CheckpointCase: Encodable, Sendable {
            public var label: String; public var valid: Bool; public var note: String
            public init(label: String, valid: Bool, note: String) { (self.label, self.valid, self.note) = (label, valid, note) }
        }
        public struct InclusionCase: Encodable, Sendable {
            public var label: String; public var valid: Bool; public var index: Int64; public var treeSize: Int64; public var proof: [String]
            public init(label: String, valid: Bool, index: Int64, treeSize: Int64, proof: [String]) {
                (self.label, self.valid, self.index, self.treeSize, self.proof) = (label, valid, index, treeSize, proof)
            }
        }
        public struct ConsistencyCase: Encodable, Sendable {
            public var label: String; public var valid: Bool; public var from: Int64; public var to: Int64; public var proof: [String]
            public init(label: String, valid: Bool, from: Int64, to: Int64, proof: [String]) {
                (self.label, self.valid, self.from, self.to, self.proof) = (label, valid, from, to, proof)
            }
        }

        public var verifierKey: String
        public var origin: String
        /// Each leaf's data, base64.
        public var leaves: [String]
        public var checkpoints: [CheckpointCase] = []
        public var inclusion: [InclusionCase] = []
        public var consistency: [ConsistencyCase] = []

        public init(verifierKey: String, origin: String, leaves: [String]) {
            (self.verifierKey, self.origin, self.leaves) = (verifierKey, origin, leaves)
        }

        public var invalidCount: Int {
            checkpoints.filter { !$0.valid }.count + inclusion.filter { !$0.valid }.count + consistency.filter { !$0.valid }.count
        }
        public var count: Int { checkpoints.count + inclusion.count + consistency.count }
    }

    public struct Run: Sendable {
        public var status: Int32
        public var output: String
    }

    public static func run(_ executable: URL, _ arguments: [String], in folder: URL? = nil, environment: [String: String]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        if let environment { process.environment = environment }
        // One pipe for both streams, read to its end before waiting, so a full pipe cannot stall.
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }

    public static func findGo() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/go" } + ["/usr/bin/go", "/usr/lib/go/bin/go", "/usr/local/go/bin/go"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    /// Builds tlogcheck with Debian's GOPATH copy of x/mod (no modules, no network).
    public static func buildChecker(into folder: URL) throws -> URL? {
        guard let go = findGo(),
              FileManager.default.fileExists(atPath: "\(goPath)/src/golang.org/x/mod/sumdb/note/note.go"),
              FileManager.default.fileExists(atPath: "\(goPath)/src/golang.org/x/mod/sumdb/tlog/tlog.go")
        else { return nil }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/tlogcheck")
        var environment = ProcessInfo.processInfo.environment
        environment["GOPATH"] = goPath
        environment["GO111MODULE"] = "off"
        environment["GOFLAGS"] = ""
        // Go refuses to build without a cache; give it one when the test runs without a home.
        if environment["GOCACHE"] == nil && environment["HOME"] == nil && environment["XDG_CACHE_HOME"] == nil {
            environment["GOCACHE"] = folder.appendingPathComponent("gocache").path
        }
        let binary = folder.appendingPathComponent("tlogcheck")
        let build = try run(go, ["build", "-o", binary.path, "."], in: source, environment: environment)
        guard build.status == 0 else {
            throw TlogCheckBuildFailed(output: build.output)
        }
        return binary
    }

    public static func write(_ cases: Cases, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(cases).write(to: url)
    }
}

extension TlogCheck {
    /// Builds the checker in a fresh folder and checks `cases` with it: the run's exit status
    /// and output. Throws (so the test fails, never skips) when Go or x/mod is missing.
    public static func check(_ cases: Cases) async throws -> Run {
        try await offThePool { try checkBlocking(cases) }
    }

    private static func checkBlocking(_ cases: Cases) throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tlogcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let checker = try buildChecker(into: folder) else { throw TlogCheckUnavailable() }
        let file = folder.appendingPathComponent("cases.json")
        try write(cases, to: file)
        return try run(checker, [file.path])
    }
}

public struct TlogCheckUnavailable: Error, CustomStringConvertible {
    public var description: String { TlogCheck.missingGo }
}

public struct TlogCheckBuildFailed: Error, CustomStringConvertible {
    public var output: String
    public var description: String { "go build of Tests/Interop/tlogcheck failed:\n\(output)" }
}

extension TlogCheck {
    /// Checks an evidence bundle with Go (`tlogcheck bundle FILE KEY`, bundle.go): the run's
    /// exit status and output. Throws when Go or x/mod is missing.
    public static func checkBundle(at path: String, verifierKey: String) async throws -> Run {
        try await offThePool { try checkBundleBlocking(at: path, verifierKey: verifierKey) }
    }

    private static func checkBundleBlocking(at path: String, verifierKey: String) throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tlogcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let checker = try buildChecker(into: folder) else { throw TlogCheckUnavailable() }
        return try run(checker, ["bundle", path, verifierKey])
    }
}
