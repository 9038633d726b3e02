import Foundation

/// One setting the `labledger` binary reads from its environment, with the default it takes
/// when the variable is unset. Deploy files (deploy/) and their test read the same catalog, so a
/// name cannot drift between the binary and the files that set it.
public struct EnvironmentSetting: Sendable, Hashable {
    public var name: String
    /// What the binary uses when the variable is unset or empty; nil when it has none.
    public var defaultValue: String?
    /// A secret (a URL with a password) is never logged nor shown as a default in `--help`, and
    /// may instead be read from a file named by `<name>_FILE` (Docker and Kubernetes secrets).
    public var isSecret: Bool
    /// Whether `<name>_FILE` may name a file holding the value: always for a secret, and for a
    /// public value too long to pass comfortably inline (the log's public key).
    public var readsFile: Bool

    public init(_ name: String, default defaultValue: String? = nil, secret: Bool = false, file: Bool = false) {
        self.name = name
        self.defaultValue = defaultValue
        self.isSecret = secret
        self.readsFile = secret || file
    }

    /// The variable that names a file holding the value.
    public var fileVariable: String? { readsFile ? name + "_FILE" : nil }

    /// The value set in `environment`, else the content of the file `<name>_FILE` names
    /// (without its trailing newline), else nil. Never the default: callers decide.
    public func value(in environment: [String: String] = ProcessInfo.processInfo.environment) throws(SettingFileError) -> String? {
        if let direct = environment[name], !direct.isEmpty { return direct }
        guard let fileVariable, let path = environment[fileVariable], !path.isEmpty else { return nil }
        let content: String
        do {
            content = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            // The path is not secret; the error is, at most, about the file's absence or its mode.
            throw SettingFileError(variable: fileVariable, path: path, reason: "\(error.localizedDescription)")
        }
        let trimmed = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw SettingFileError(variable: fileVariable, path: path, reason: "the file is empty") }
        return trimmed
    }

    /// The value set, else the default, else "" — for settings that are never secret, where an
    /// unreadable file cannot arise.
    public var valueOrDefault: String {
        (try? value()) ?? defaultValue ?? ""
    }

    /// The value set as a whole number, else the default; nil when neither is one (an option
    /// without a default, or a value that is not a number, which the option then reports).
    public var integerOrDefault: Int? {
        guard let set = try? value() else { return defaultValue.flatMap { Int($0) } }
        return Int(set)
    }
}

/// A `<name>_FILE` variable names a file that cannot be read; the message names the variable and
/// the path, never the content.
public struct SettingFileError: Error, CustomStringConvertible {
    public var variable: String
    public var path: String
    public var reason: String
    public var description: String { "\(variable)=\(path) cannot be read: \(reason)" }
}
