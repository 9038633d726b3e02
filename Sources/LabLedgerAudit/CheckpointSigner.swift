import Crypto
import Foundation
import TransparencyLog

/// Signs the log's checkpoints as C2SP signed notes with the log's Ed25519 key, whose name is
/// the log's origin. The key lives outside the database: whoever can write the database must
/// not be able to sign a history of their own.
public struct CheckpointSigner: Sendable {
    public let origin: String
    let signer: NoteSigner
    /// The last tree this key signed, beside the key.
    public let record: SignedTreeRecord

    public init(origin: String, key: Curve25519.Signing.PrivateKey, record: SignedTreeRecord) throws {
        self.origin = origin
        signer = try NoteSigner(name: origin, key: key)
        self.record = record
    }

    /// The key file at `path`, created on first start (0600), and its record `<path>.signed`.
    public static func load(origin: String, keyFile path: String) throws -> CheckpointSigner {
        let url = URL(fileURLWithPath: path)
        return try CheckpointSigner(
            origin: origin, key: SigningKeyFile.loadOrCreate(at: url), record: SignedTreeRecord(url: url.appendingPathExtension("signed")))
    }

    /// Whether `note` was signed by this key (a checkpoint of this log, not another's).
    public func signed(_ note: String) -> Bool {
        (try? signer.verifier.open(note)) != nil
    }

    /// The public key as a signed-note verifier key (`<name>+<key id>+<base64 key>`).
    public var verifierKey: String { signer.verifierKey }

    public func sign(size: Int64, root: LogHash) throws -> String {
        try signer.sign(TransparencyLog.Checkpoint(origin: origin, size: size, root: root))
    }
}
