#if canImport(Glibc)
import Glibc
#endif
import CFreedMemory
import Foundation

/// Peak resident set size of this process, per measurement.
///
/// On Linux, writing "5" to /proc/self/clear_refs resets the peak (VmHWM) to the current resident
/// set, so each cell reads the peak of its own run (freed heap is first handed back to the system
/// with malloc_trim, so an earlier cell's garbage does not count). Elsewhere, or where the reset is
/// refused (`reset` answers false), the figure is the process's lifetime peak from getrusage
/// (ru_maxrss).
public enum PeakRSS {
    /// Resets the peak to the present; false when it cannot (the next reading is the lifetime peak).
    @discardableResult
    public static func reset() -> Bool {
        #if os(Linux)
        trimHeap()
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
        #else
        return false
        #endif
    }

    /// Bytes: VmHWM since the last reset on Linux, otherwise the lifetime ru_maxrss.
    public static func read() -> Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        {
            return kilobytes * 1024
        }
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)  // bytes on Darwin
        #endif
    }

    /// glibc's malloc_trim(0), as the workers call it (`CFreedMemory`).
    private static func trimHeap() {
        _ = labledger_release_freed_memory()
    }

    /// Runs `body` and answers its result with the peak resident set while it ran (see above).
    public static func during<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async rethrows -> (T, Int) {
        reset()
        let value = try await body()
        return (value, read())
    }
}
