import Foundation
import TransparencyLog

/// The public key an API without a sequencer serves (`serve --no-workers`). Such a process must
/// never create the private key: if each API replica made its own, they would publish different
/// keys, and none of them the key the worker signs with. So it takes the key from
/// `LABLEDGER_LOG_PUBLIC_KEY`, else derives it from the private key file when that exists and is
/// readable, and otherwise refuses to start.
enum LogVerifierKeySource {
    static func resolve(_ log: AppConfiguration.Log) throws(LogVerifierKeyError) -> String {
        if let text = log.publicKey {
            let verifier: NoteVerifier
            do {
                verifier = try NoteVerifier(verifierKey: text)
            } catch {
                throw .malformed(reason: "\(error)")
            }
            // The key's name is the origin every checkpoint starts with: a key of another log
            // would verify nothing this one signs.
            guard verifier.name == log.origin else { throw .otherLog(keyName: verifier.name, origin: log.origin) }
            return verifier.verifierKey
        }
        do {
            // `load`, never `loadOrCreate`: a missing file stays missing.
            guard let key = try SigningKeyFile.load(at: URL(fileURLWithPath: log.keyFile)) else {
                throw LogVerifierKeyError.unavailable(keyFile: log.keyFile, reason: "no such file")
            }
            return try NoteSigner(name: log.origin, key: key).verifierKey
        } catch let error as LogVerifierKeyError {
            throw error
        } catch {
            throw .unavailable(keyFile: log.keyFile, reason: "\(error)")
        }
    }
}

/// Why an API without a sequencer has no public key to serve; each names the settings that fix it.
public enum LogVerifierKeyError: Error, CustomStringConvertible, Equatable {
    case malformed(reason: String)
    case otherLog(keyName: String, origin: String)
    case unavailable(keyFile: String, reason: String)
    /// The newest stored checkpoint is not signed by the configured key.
    case mismatch(treeSize: Int64, verifierKey: String)

    public var description: String {
        let publicKey = Settings.logPublicKey
        let file = publicKey.fileVariable ?? ""
        switch self {
        case .malformed(let reason):
            return "\(publicKey.name) is not a verifier key (<name>+<8 hex digit key id>+<base64 key>): \(reason)."
        case .otherLog(let name, let origin):
            return "\(publicKey.name) is the key of the log '\(name)', but this log's origin (\(Settings.logOrigin.name)) is '\(origin)'."
        case .unavailable(let keyFile, let reason):
            return "An API without workers serves the log's public key and never creates the private one: set \(publicKey.name) "
                + "(or \(file)) to the verifier key the worker's key file gives, or make \(Settings.logKeyFile.name) name "
                + "that key file readable here (\(keyFile): \(reason))."
        case .mismatch(let size, let key):
            return "The log's newest stored checkpoint (tree size \(size)) is not signed by \(key): \(publicKey.name) "
                + "(or \(Settings.logKeyFile.name)) names another key than the one the worker signs with."
        }
    }
}
