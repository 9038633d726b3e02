import EventStore
import Foundation
import LabLedgerAPI
import Logging
import ServiceLifecycle

/// Loads the demo once the server runs, prints a key per role and a few requests to try.
package struct DemoService: Service {
    let store: PostgresEventStore
    let keys: APIKeyStore
    let options: APIOptions
    let logger: Logger

    package init(store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, logger: Logger) {
        self.store = store
        self.keys = keys
        self.options = options
        self.logger = logger
    }

    package func run() async throws {
        let report = try await Demo.load(store: store, keys: keys, options: options, logger: logger)
        // Written unbuffered: stdout is block-buffered when piped, and the keys must show at once.
        FileHandle.standardOutput.write(Data((DemoWelcome.text(report, base: "http://\(options.host):\(options.port)") + "\n").utf8))
        try? await gracefulShutdown()
    }
}

enum DemoWelcome {
    static func text(_ report: Demo.Report, base: String) -> String {
        var lines = [
            "",
            "LabLedger demo: \(report.stepsRun) story steps written, \(report.stepsReplayed) already there (loading again writes nothing).",
            "Keys (shown once; each acts as its role):",
        ]
        let labels = report.keys.map { "  \($0.role)\($0.party.map { " (\($0))" } ?? ""): " }
        let width = labels.map(\.count).max() ?? 0
        for (label, key) in zip(labels, report.keys) {
            lines.append(label.padding(toLength: width, withPad: " ", startingAt: 0) + key.key)
        }
        func key(_ role: String, _ party: String? = nil) -> String {
            report.keys.first { $0.role == role && $0.party == party }?.key ?? ""
        }
        lines += [
            "",
            "Try:",
            "  curl -s '\(base)/v1/ip-assets?party=tencent' -H 'Authorization: Bearer \(key("company", "tencent"))'",
            "  curl -s '\(base)/v1/ip-assets/tencent-cuhksz-nlp-2019/availability?field=computer_vision&territory=CN&on=2026-01-01&exclusive=true&licensee=jd' -H 'Authorization: Bearer \(key("operator"))'",
            "  curl -s \(base)/v1/labs/tencent-cuhksz-mi-lab/funding -H 'Authorization: Bearer \(key("university", "cuhk-shenzhen"))'",
            "  curl -s \(base)/v1/labs/tencent-cuhksz-mi-lab/outputs -H 'Authorization: Bearer \(key("university", "cuhk-shenzhen"))'",
            "  curl -s '\(base)/v1/events?limit=5' -H 'Authorization: Bearer \(key("auditor"))'",
            "  curl -s \(base)/v1/events -H 'Accept: application/x-ndjson' -H 'Authorization: Bearer \(key("auditor"))'",
            "  curl -s \(base)/openapi.yaml",
            "",
            "Or open \(base)/console in a browser and sign in with one of the keys above.",
            "",
        ]
        return lines.joined(separator: "\n")
    }
}
