import Foundation
import LabLedgerAudit
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows an export's progress on stderr: a bar redrawn in place on a terminal, plain lines
/// (every 10 % or 10 s) otherwise, so logs of scripted exports stay readable.
final class ExportProgress: Sendable {
    private struct State {
        var started = ContinuousClock.now
        var lastDrawn: ContinuousClock.Instant?
        var lastTenth = -1
        var drewBar = false
    }

    private let terminal: Bool
    private let state = Mutex(State())

    init(terminal: Bool = isatty(STDERR_FILENO) != 0) {
        self.terminal = terminal
    }

    func update(_ progress: BundleFileExport.Progress) {
        state.withLock { state in
            let now = ContinuousClock.now
            let done = progress.events >= progress.total
            let fraction = progress.total == 0 ? 1 : Double(progress.events) / Double(progress.total)
            let seconds = Double((now - state.started).components.seconds) + Double((now - state.started).components.attoseconds) / 1e18
            let rate = seconds > 0 ? Double(progress.events - progress.resumedFrom) / seconds : 0
            if terminal {
                if let last = state.lastDrawn, now - last < .milliseconds(100), !done { return }
                state.lastDrawn = now
                let width = 30
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
                let line = "\r[\(bar)] \(String(format: "%5.1f", fraction * 100))% \(progress.events)/\(progress.total) events \(Int(rate)) ev/s"
                FileHandle.standardError.write(Data(line.utf8))
                state.drewBar = true
            } else {
                let tenth = Int(fraction * 10)
                let due = state.lastDrawn.map { now - $0 >= .seconds(10) } ?? true
                guard tenth > state.lastTenth || due || done else { return }
                state.lastTenth = tenth
                state.lastDrawn = now
                let resumed = progress.resumedFrom > 0 ? " (resumed after \(progress.resumedFrom))" : ""
                FileHandle.standardError.write(Data("export: \(progress.events)/\(progress.total) events, \(Int(fraction * 100))%\(resumed)\n".utf8))
            }
        }
    }

    /// Ends the bar's line so that what follows starts on its own.
    func finish() {
        state.withLock { state in
            if state.drewBar { FileHandle.standardError.write(Data("\n".utf8)) }
            state.drewBar = false
        }
    }
}
