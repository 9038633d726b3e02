import Crypto
import EventStore
import Foundation
import TransparencyLog

/// The outcome of checking a bundle: one line for an auditor, and the first failure if any.
public struct BundleVerdict: Sendable, Equatable, CustomStringConvertible {
    public var eventsChecked: Int64 = 0
    public var manifest: BundleManifest?
    /// Whether the checkpoint's signature was checked with a key given from outside the bundle.
    public var checkedWithOutsideKey = false
    /// The line (from 1) of the first failure.
    public var failingLine: Int?
    public var failingEventID: String?
    public var failure: String?

    public var ok: Bool { failure == nil }

    public var description: String {
        if let failure {
            return "FAILED: line \(failingLine.map(String.init) ?? "?"): \(failure) (\(eventsChecked) events checked before it)"
        }
        guard let manifest else { return "FAILED: no manifest" }
        let party = manifest.party.map { ", party '\($0)' (\(manifest.streams?.count ?? 0) streams)" } ?? ""
        let key = checkedWithOutsideKey
            ? "its signature checked with the key given"
            : "WARNING: its signature was checked only with the bundle's own key, which proves nothing by itself; pass --public-key with the key the log publishes"
        return "ok: \(eventsChecked) events with \(manifest.axis)At in [\(manifest.from), \(manifest.to))\(party), each hash recomputed from its fields and proved included in the signed checkpoint of \(manifest.treeSize) leaves of \(manifest.origin); \(key)"
    }
}

/// Checks a bundle with no database: the seal over the file, the checkpoint's signature (with
/// the bundle's key and, if given, the auditor's own copy of the log's key), and for every event
/// its chain hash recomputed from its fields and its leaf, proved in the checkpoint's tree by its
/// group's batch proof (version 2) or its own audit path (version 1). Reads line by line; memory
/// is one line, one group's leaves and the party's stream list.
public struct BundleVerifier: Sendable {
    let outsideKey: String?

    public init(outsideKey: String?) {
        self.outsideKey = outsideKey
    }

    public func verify(path: String) throws -> BundleVerdict {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var state = State(outsideKey: outsideKey)
        var line: [UInt8] = []
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
            for byte in piece {
                line.append(byte)
                guard byte == 0x0A else { continue }
                state.take(line)
                line.removeAll(keepingCapacity: true)
                if state.verdict.failure != nil { return state.verdict }
            }
        }
        state.finish(trailing: line)
        return state.verdict
    }

    /// The checks as a line-by-line state machine.
    struct State {
        let outsideKey: String?
        var verdict = BundleVerdict()
        var hasher = SHA256()
        var lineNumber = 0
        var root: LogHash?
        var streams: Set<String>?
        var lastLogIndex: Int64 = -1
        var ended = false
        /// Version 2: the leaves of the events since the last proof line, and the first of them.
        var group: [(index: Int64, hash: LogHash)] = []
        var groupStart: (line: Int, event: String)?
        /// A proof line covered fewer than `groupSize` events: it must have been the last.
        var shortGroupSeen = false
        let decoder = JSONDecoder()

        init(outsideKey: String?) {
            self.outsideKey = outsideKey
        }

        mutating func fail(_ reason: String, event: String? = nil) {
            verdict.failingLine = lineNumber
            verdict.failingEventID = event
            verdict.failure = reason
        }

        mutating func take(_ line: [UInt8]) {
            lineNumber += 1
            if ended { return fail("bytes after the end line") }
            switch lineNumber {
            case 1: manifest(line)
            case 2, 3:
                hasher.update(data: line)
                pendingHeader.append(line)
            default: body(line)
            }
            if lineNumber == 3, verdict.failure == nil { header() }
        }

        private mutating func manifest(_ line: [UInt8]) {
            hasher.update(data: line)
            guard let manifest = try? decoder.decode(BundleManifest.self, from: Data(line)),
                  manifest.type == "manifest", manifest.format == BundleManifest.formatName
            else { return fail("not the manifest of a LabLedger evidence bundle") }
            guard BundleManifest.readableVersions.contains(manifest.version) else {
                return fail("bundle format version \(manifest.version); this verifier reads versions \(BundleManifest.readableVersions.lowerBound) to \(BundleManifest.readableVersions.upperBound)")
            }
            guard manifest.request != nil, let root = LogHash(base64: manifest.rootHash) else { return fail("the manifest's axis or root hash is malformed") }
            // The verdict repeats the period as written; it must be the one the times check.
            guard manifest.from == BundleTime.format(manifest.fromMicros), manifest.to == BundleTime.format(manifest.toMicros) else {
                return fail("the manifest's from/to do not spell its fromMicros/toMicros")
            }
            if manifest.version >= 2 {
                guard let size = manifest.groupSize, (1...BundleManifest.maxGroup).contains(size) else {
                    return fail("the manifest's groupSize is missing or not between 1 and \(BundleManifest.maxGroup)")
                }
            }
            verdict.manifest = manifest
            self.root = root
            streams = manifest.streams.map(Set.init)
        }

        /// Lines 2 and 3 are decoded here, once both are in.
        private var pendingHeader: [[UInt8]] = []

        private mutating func header() {
            guard pendingHeader.count == 2,
                  let checkpoint = try? decoder.decode(BundleCheckpointLine.self, from: Data(pendingHeader[0])), checkpoint.type == "checkpoint"
            else { lineNumber = 2; return fail("line 2 is not the checkpoint line") }
            guard let key = try? decoder.decode(BundleKeyLine.self, from: Data(pendingHeader[1])), key.type == "key" else {
                return fail("not the key line")
            }
            pendingHeader = []
            guard let manifest = verdict.manifest else { return }
            let signed: TransparencyLog.Checkpoint
            do {
                signed = try TransparencyLog.Checkpoint.open(checkpoint.note, verifier: NoteVerifier(verifierKey: key.verifierKey))
            } catch {
                return fail("the checkpoint does not verify with the bundle's key: \(error)")
            }
            guard signed.size == manifest.treeSize, signed.root.base64 == manifest.rootHash, signed.origin == manifest.origin else {
                return fail("the signed checkpoint names another log or tree than the manifest")
            }
            if let outsideKey {
                do {
                    _ = try TransparencyLog.Checkpoint.open(checkpoint.note, verifier: NoteVerifier(verifierKey: outsideKey))
                    verdict.checkedWithOutsideKey = true
                } catch {
                    return fail("the checkpoint is not signed by the key given with --public-key (\(error))")
                }
            }
        }

        private static let proofPrefix = Array(#"{"type":"proof","#.utf8)

        private mutating func body(_ line: [UInt8]) {
            guard let manifest = verdict.manifest, let root else { return }
            let batched = manifest.version >= 2
            if batched, line.starts(with: Self.proofPrefix) {
                hasher.update(data: line)
                return proof(line, manifest: manifest, root: root)
            }
            if !line.starts(with: BundleEncoder.eventLinePrefix), let end = try? decoder.decode(BundleEndLine.self, from: Data(line)), end.type == "end" {
                ended = true
                if let start = groupStart {
                    lineNumber = start.line
                    return fail("the events from this line on are followed by no proof line: their inclusion is not proved", event: start.event)
                }
                let digest = Hex.encode(Array(hasher.finalize()))
                let sealed = batched ? "the lines it seals (every line before it but the event lines)" : "the bytes before it"
                guard digest == end.sha256 else { return fail("the end line's SHA-256 does not match \(sealed): lines were changed, added or removed") }
                guard end.events == verdict.eventsChecked else { return fail("the end line counts \(end.events) events; the bundle holds \(verdict.eventsChecked)") }
                guard end.events == manifest.events else { return fail("the manifest announces \(manifest.events) events; the bundle holds \(end.events)") }
                return
            }
            // Version 2 seals event lines by their proofs and their canonical form, not the seal.
            if !batched { hasher.update(data: line) }
            guard let event = try? decoder.decode(BundleEventLine.self, from: Data(line)), event.type == "event" else {
                return fail("not an event line (malformed JSON or fields missing)")
            }
            let name = "event \(event.eventId) (stream '\(event.stream)', version \(event.version), log index \(event.logIndex))"
            guard event.logIndex > lastLogIndex, event.logIndex < manifest.treeSize else {
                return fail("\(name): log indexes must increase and stay below the checkpoint's \(manifest.treeSize)", event: event.eventId)
            }
            lastLogIndex = event.logIndex
            let time = manifest.axis == BundleRequest.Axis.recorded.rawValue ? event.recordedAtMicros : event.occurredAtMicros
            guard time >= manifest.fromMicros, time < manifest.toMicros else {
                return fail("\(name): its \(manifest.axis)At lies outside the period", event: event.eventId)
            }
            if let streams, !streams.contains(event.stream) {
                return fail("\(name): its stream is not one of the party's streams the manifest lists", event: event.eventId)
            }
            guard let id = UUID(uuidString: event.eventId), id.uuidString.lowercased() == event.eventId,
                  let previous = Hex.decode(event.previousHash), previous.count == 32,
                  let hash = Hex.decode(event.hash), hash.count == 32
            else { return fail("\(name): a malformed event id or hash", event: event.eventId) }
            let canonical = HashChain.canonicalBytes(
                streamID: event.stream, streamVersion: event.version, eventID: id, eventType: event.eventType,
                schemaVersion: event.schemaVersion, dataJSON: event.data, metadataJSON: event.metadata,
                occurredAtMicroseconds: event.occurredAtMicros)
            guard HashChain.hash(previous: Data(previous), canonical: canonical) == Data(hash) else {
                return fail("\(name): its hash does not match its fields and previous hash (the event was altered)", event: event.eventId)
            }
            let leaf = LogLeaf.hash(eventHash: hash, recordedAtMicroseconds: event.recordedAtMicros)
            if batched {
                // Every value of the line is proved; its bytes must be the one encoding of them,
                // so nothing (a field added, an escape spelt another way) rides along unchecked.
                var canonicalLine: [UInt8] = []
                BundleEncoder.encode(BundleEvent(
                    logIndex: event.logIndex, eventID: id, stream: event.stream, version: event.version, eventType: event.eventType,
                    schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata,
                    occurredAtMicros: event.occurredAtMicros, recordedAtMicros: event.recordedAtMicros,
                    previousHash: previous, hash: hash), into: &canonicalLine)
                guard canonicalLine == line else {
                    return fail("\(name): the line is not the canonical encoding of its fields (bytes were added or changed)", event: event.eventId)
                }
                let size = manifest.groupSize ?? BundleManifest.maxGroup
                guard group.count < size else {
                    return fail("\(name): more than the manifest's groupSize (\(size)) events without a proof line", event: event.eventId)
                }
                guard !shortGroupSeen else {
                    return fail("\(name): an event after a group shorter than the manifest's groupSize, which only the last may be", event: event.eventId)
                }
                if group.isEmpty { groupStart = (lineNumber, event.eventId) }
                group.append((event.logIndex, leaf))
                // Counted once its group's proof holds.
                return
            }
            let encoded = event.proof ?? []
            let proof = encoded.compactMap(LogHash.init(base64:))
            guard event.proof != nil, proof.count == encoded.count,
                  ProofVerifier.verifyInclusion(leafHash: leaf, leafIndex: event.logIndex, treeSize: manifest.treeSize, proof: proof, root: root)
            else {
                return fail("\(name): its inclusion proof does not lead to the checkpoint's root (the event, its recordedAt or its proof was altered)", event: event.eventId)
            }
            verdict.eventsChecked += 1
        }

        /// A version-2 proof line: the events since the previous one, folded with its hashes,
        /// must give the checkpoint's root.
        private mutating func proof(_ line: [UInt8], manifest: BundleManifest, root: LogHash) {
            guard let proofLine = try? decoder.decode(BundleProofLine.self, from: Data(line)), proofLine.type == "proof" else {
                return fail("not a proof line (malformed JSON or fields missing)")
            }
            guard let start = groupStart, !group.isEmpty else { return fail("a proof line with no event lines before it") }
            let first = "the \(group.count) events from line \(start.line) (event \(start.event))"
            guard proofLine.events == group.count else {
                return fail("the proof line covers \(proofLine.events) events; \(first) precede it", event: start.event)
            }
            let hashes = proofLine.hashes.compactMap(LogHash.init(base64:))
            guard hashes.count == proofLine.hashes.count,
                  BatchProof.root(leaves: group, treeSize: manifest.treeSize, proof: hashes) == root
            else {
                return fail("the proof of \(first) does not lead to the checkpoint's root (one of those events, its recordedAt or the proof was altered)", event: start.event)
            }
            verdict.eventsChecked += Int64(group.count)
            shortGroupSeen = group.count < (manifest.groupSize ?? 0)
            group.removeAll(keepingCapacity: true)
            groupStart = nil
        }

        mutating func finish(trailing: [UInt8]) {
            guard verdict.failure == nil else { return }
            if !trailing.isEmpty {
                lineNumber += 1
                return fail("the last line is cut off (the bundle is truncated)")
            }
            if lineNumber < 3 { return fail("the bundle ends before its manifest, checkpoint and key lines") }
            if !ended {
                lineNumber += 1
                return fail("no end line: the bundle is truncated after \(verdict.eventsChecked) events")
            }
        }
    }
}
