import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a bundle to a file through `FILE.partial`, renamed when the end line is on disk, so
/// that a file under the asked name is always complete. A `.partial` of the same request is
/// continued after its last complete group (the last proof line): its manifest pins the
/// checkpoint and the party's streams, so the resumed file is byte for byte the one an
/// uninterrupted export writes.
public enum BundleFileExport {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case outputExists(String)
        /// Another export is writing this file now.
        case busy(String)
        case cannotOpen(String, errno: Int32)

        public var description: String {
            switch self {
            case .outputExists(let path): "\(path) exists; remove it or choose another --out"
            case .busy(let path): "another export is writing \(path)"
            case .cannotOpen(let path, let errno): "cannot open \(path): \(String(cString: strerror(errno)))"
            }
        }
    }

    public struct Progress: Sendable {
        public var events: Int64
        public var total: Int64
        /// Events that were already in the `.partial` file when this run started.
        public var resumedFrom: Int64
    }

    /// Exports `request` to `path`; `progress` is called after every chunk written.
    @discardableResult
    public static func run(
        exporter: BundleExporter, request: BundleRequest, verifierKey: String, to path: String,
        pageSize: Int = BundleStream.defaultPageSize, progress: @Sendable (Progress) -> Void = { _ in }
    ) async throws -> BundleManifest {
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure.outputExists(path) }
        let partial = path + ".partial"
        // Opened without truncating and locked before it is read: two exports of one file
        // would otherwise both append to it.
        let descriptor = open(partial, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure.cannotOpen(partial, errno: errno) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? handle.close() }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { throw Failure.busy(partial) }
        // Another export may have finished between the first check and the lock.
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure.outputExists(path) }
        var plan: BundlePlan?
        var resume: BundleResume?
        if let scan = try PartialBundle.scan(partial), let manifest = scan.manifest, manifest.request == request {
            let pinned = try await exporter.plan(request, verifierKey: verifierKey, pinned: manifest)
            if try pinned.header() == scan.header {
                if scan.complete {
                    try handle.truncate(atOffset: UInt64(scan.keptBytes))
                    try handle.synchronize()
                    try FileManager.default.moveItem(atPath: partial, toPath: path)
                    return manifest
                }
                plan = pinned
                resume = BundleResume(afterLogIndex: scan.lastLogIndex, events: scan.events, bytes: scan.keptBytes)
            }
        }
        let chosen: BundlePlan
        if let plan {
            chosen = plan
        } else {
            chosen = try await exporter.plan(request, verifierKey: verifierKey, groupSize: pageSize)
        }
        try handle.truncate(atOffset: UInt64(resume?.bytes ?? 0))
        let stream = BundleStream(exporter: exporter, plan: chosen, resume: resume)
        if let resume {
            // Re-hash what is kept, for the seal; read back in pieces, never whole.
            try handle.seek(toOffset: 0)
            var left = resume.bytes
            while left > 0 {
                guard let piece = try handle.read(upToCount: Int(min(left, 1 << 20))), !piece.isEmpty else { break }
                await stream.absorb(Array(piece))
                left -= Int64(piece.count)
            }
        }
        try handle.seekToEnd()
        let resumedFrom = resume?.events ?? 0
        progress(Progress(events: resumedFrom, total: chosen.manifest.events, resumedFrom: resumedFrom))
        let writer = QueuedFileWriter(handle: handle)
        var writing: Task<Void, any Error>?
        do {
            while let chunk = try await stream.next() {
                try await writing?.value
                writing = writer.start(chunk)
                progress(Progress(events: await stream.eventsWritten, total: chosen.manifest.events, resumedFrom: resumedFrom))
            }
            try await writing?.value
        } catch {
            // Nothing may write to the file once this returns (the caller may close it).
            _ = try? await writing?.value
            throw error
        }
        try handle.synchronize()
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return chosen.manifest
    }
}

/// What an interrupted export left: its header, and how far its complete groups go (event lines
/// after the last proof line are dropped: their group is read again whole).
struct PartialBundle {
    var manifest: BundleManifest?
    /// The manifest, checkpoint and key lines, when all three are complete.
    var header: [UInt8] = []
    var events: Int64 = 0
    var lastLogIndex: Int64 = -1
    /// Bytes up to the end of the header or the last proof line (or the end line).
    var keptBytes: Int64 = 0
    var complete = false

    private static let eventPrefix = Array(#"{"type":"event","logIndex":"#.utf8)
    private static let endPrefix = Array(#"{"events":"#.utf8)
    private static let proofPrefix = BundleEncoder.proofLinePrefix

    /// Nil when the file cannot be a bundle's beginning (its first three lines are not whole).
    static func scan(_ path: String) throws -> PartialBundle? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var result = PartialBundle()
        var lineNumber = 0
        var offset: Int64 = 0
        // The header lines are kept whole; of the others only the start, which names the line.
        var line: [UInt8] = []
        // The group being read: counted into the result once its proof line is whole.
        var groupEvents: Int64 = 0
        var groupLast: Int64 = -1
        reading: while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
            for byte in piece {
                offset += 1
                if byte != 0x0A {
                    if lineNumber < 3 || line.count < 48 { line.append(byte) }
                    continue
                }
                line.append(byte)
                lineNumber += 1
                defer { line = [] }
                if lineNumber <= 3 {
                    result.header += line
                    if lineNumber == 1 { result.manifest = try? JSONDecoder().decode(BundleManifest.self, from: Data(line)) }
                } else if line.starts(with: eventPrefix) {
                    let digits = line.dropFirst(eventPrefix.count).prefix { (0x30...0x39).contains($0) }
                    guard let index = Int64(String(decoding: digits, as: UTF8.self)) else { break reading }
                    groupLast = index
                    groupEvents += 1
                    continue
                } else if line.starts(with: proofPrefix), groupEvents > 0 {
                    result.lastLogIndex = groupLast
                    result.events += groupEvents
                    groupEvents = 0
                } else if line.starts(with: endPrefix), groupEvents == 0 {
                    result.complete = true
                } else {
                    // Not a line an export writes where it stands: keep what came before it.
                    break reading
                }
                result.keptBytes = offset
            }
        }
        return lineNumber >= 3 ? result : nil
    }
}
