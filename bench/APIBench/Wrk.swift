import Foundation
import Subprocess

/// wrk with a Lua script; reads back requests/s, p50/p99 latency and non-2xx answers from the
/// script's `done` hook.
struct Wrk {
    let directory: URL
    let seconds: Int

    struct Result {
        var requestsPerSecond: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var errors: Int
    }

    enum Script {
        case plain
        case registerParty(key: String)
        /// `GET /v1/ip-assets/{id}` of a random seeded asset; `typed` sends `Accept:
        /// application/json;q=0`, which the runtime takes for JSON but the stored answer leaves to
        /// the typed handler: the path every request took before stored answers. `path` is the
        /// route's prefix (the floor's bare route answers under another).
        case assetQuery(key: String, assets: Int, typed: Bool, path: String = "/v1/ip-assets/")
        /// `GET /v1/ip-assets?limit=20`, the first page; `typed` percent-encodes the limit, which
        /// the stored answer leaves to the typed handler.
        case assetList(key: String, typed: Bool)

        var lua: String {
            switch self {
            case .plain:
                return Self.done
            case .registerParty(let key):
                // Each request registers a new party: a single-event command on a fresh stream. The
                // prefix is fresh per run (Lua's random numbers repeat from run to run).
                return """
                    local counter = 0
                    local threads = 0
                    function setup(thread) thread:set("tid", threads); threads = threads + 1 end
                    function init(args) prefix = "p\(UUID().uuidString.prefix(8).lowercased())-" .. tid .. "-" end
                    wrk.method = "POST"
                    wrk.headers["Content-Type"] = "application/json"
                    wrk.headers["Authorization"] = "Bearer \(key)"
                    function request()
                        counter = counter + 1
                        local body = '{"party":"' .. prefix .. counter .. '","name":"Bench Party ' .. counter .. '","kind":"company","country":"CN"}'
                        return wrk.format(nil, nil, nil, body)
                    end
                    """ + Self.done
            case .assetQuery(let key, let assets, let typed, let path):
                return """
                    wrk.headers["Authorization"] = "Bearer \(key)"
                    \(typed ? #"wrk.headers["Accept"] = "application/json;q=0""# : "")
                    function request()
                        return wrk.format("GET", "\(path)bench-" .. math.random(0, \(assets - 1)))
                    end
                    """ + Self.done
            case .assetList(let key, let typed):
                return """
                    wrk.headers["Authorization"] = "Bearer \(key)"
                    wrk.path = "/v1/ip-assets?limit=\(typed ? "%32%30" : "20")"
                    """ + Self.done
            }
        }

        static let done = """

            function done(summary, latency, requests)
                local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
                io.write(string.format("RESULT %f %f %f %d\\n", summary.requests / (summary.duration / 1000000), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
            end
            """
    }

    func run(url: String, connections: Int, script: Script) async throws -> Result {
        let file = directory.appendingPathComponent("wrk-\(UUID().uuidString).lua")
        try script.lua.write(to: file, atomically: true, encoding: .utf8)
        let result = try await Subprocess.run(
            .name("wrk"),
            arguments: ["-t", "2", "-c", "\(connections)", "-d", "\(seconds)s", "--latency", "-s", file.path, url],
            output: .string(limit: 1 << 20), error: .combinedWithOutput)
        let output = result.standardOutput
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }) else {
            throw APIBenchError("wrk failed: \(output)")
        }
        let parts = line.split(separator: " ").dropFirst().map(String.init)
        guard parts.count == 4, let rps = Double(parts[0]), let p50 = Double(parts[1]), let p99 = Double(parts[2]), let errors = Int(parts[3]) else {
            throw APIBenchError("unreadable wrk result: \(line)")
        }
        return Result(requestsPerSecond: rps, p50Milliseconds: p50, p99Milliseconds: p99, errors: errors)
    }
}

struct APIBenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
