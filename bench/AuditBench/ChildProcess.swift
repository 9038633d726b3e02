import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program as a child process and reports its wall time, its CPU time and its own peak
/// resident set. The peak is not `wait4`'s `ru_maxrss`: Linux carries the spawning process's
/// high-water mark into the child's at `exec`, so that figure was the bench's own (227 MiB for
/// an export whose own peak was 48 MiB, and "the same" for every size). It is the child's
/// `VmHWM` from `/proc/<pid>/status`, read every 10 ms while it runs; growth in its last 10 ms
/// before exiting can be missed.
enum ChildProcess {
    struct Finished {
        var status: Int32
        var seconds: Double
        var peakRSSBytes: Int
        /// CPU time the child spent in user space and in the kernel: beside the wall time,
        /// how much of it the process itself was busy (the rest is waiting, for PostgreSQL).
        var userSeconds: Double
        var systemSeconds: Double
        var output: String
    }

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// `program` with `arguments`; standard output goes to `stdoutPath` (read back into
    /// `output` when `captureOutput`), standard error to `stderrPath` (inherited without one).
    static func run(
        _ program: String, _ arguments: [String], stdoutPath: String, stderrPath: String? = nil, captureOutput: Bool = true
    ) throws -> Finished {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let stderrPath { posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        let argv = ([program] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let spawned = (argv + [nil]).withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return EINVAL }
            return posix_spawn(&pid, program, &actions, nil, base, environ)
        }
        guard spawned == 0 else { throw Failed(description: "cannot start \(program): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        var peakKilobytes = 0
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            guard reaped == 0 || errno == EINTR else { throw Failed(description: "wait4 for \(program): \(String(cString: strerror(errno)))") }
            peakKilobytes = max(peakKilobytes, Self.highWaterKilobytes(of: pid) ?? 0)
            usleep(10_000)
        }
        let elapsed = ContinuousClock.now - started
        // WIFEXITED / WEXITSTATUS are macros Swift does not import: low 7 bits 0 means it exited.
        let exitCode: Int32 = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let output = captureOutput ? ((try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "") : ""
        return Finished(
            status: exitCode, seconds: elapsed.seconds, peakRSSBytes: peakKilobytes * 1024,
            userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
            output: output)
    }
}

extension ChildProcess {
    /// `VmHWM` of a running process in kilobytes; nil once it has exited (a zombie has no memory).
    static func highWaterKilobytes(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
