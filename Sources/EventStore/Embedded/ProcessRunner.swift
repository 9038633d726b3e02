import Subprocess

/// Runs a command to completion without blocking a concurrency thread.
///
/// Subprocess closes every other descriptor in the child and waits on the child itself.
/// That matters for `pg_ctl start`: the server it leaves running would otherwise inherit
/// descriptors that Foundation's `Process` watches for end-of-file, and the wait never ends.
enum ProcessRunner {
    struct Output: Sendable {
        var status: Int32
        var text: String
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> Output {
        let result = try await Subprocess.run(
            .path(.init(executable)), arguments: Arguments(arguments),
            output: .string(limit: 1 << 20), error: .combinedWithOutput)
        let status: Int32
        switch result.terminationStatus {
        case .exited(let code): status = Int32(code)
        case .signaled(let signal): status = 128 + Int32(signal)
        }
        return Output(status: status, text: result.standardOutput)
    }
}
