import EventStore
import Foundation
import LabLedgerAPI
import LabLedgerDomain
import Logging

/// The story of docs/domain.md, loaded through the API's own command handlers: HKAI Lab and its
/// accelerator round; the Tencent / CUHK-Shenzhen lab with sponsorships, internships, outputs,
/// an IP asset with an option and a licence to a third company; the JD / CUHK-Shenzhen agreement.
/// Every step carries a fixed idempotency key, so loading it twice writes it once.
public enum Demo {
    public struct Report: Sendable {
        /// One fresh key per role (university and company keys for CUHK-Shenzhen and Tencent).
        public var keys: [(role: String, party: String?, key: String)]
        public var stepsRun: Int
        public var stepsReplayed: Int
    }

    public static func load(store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, logger: Logger) async throws -> Report {
        let runner = DemoRunner(api: InProcessAPI(store: store, keys: keys, options: options, logger: logger))
        var tally = DemoTally()
        for step in DemoStory.steps {
            let replayed = try await step(runner)
            tally.count(replayed: replayed)
        }
        var made: [(role: String, party: String?, key: String)] = []
        for (role, party) in [(Principal.Role.admin, nil), (.operator, nil), (.university, "cuhk-shenzhen"), (.company, "tencent"), (.company, "jd"), (.auditor, nil)] as [(Principal.Role, String?)] {
            let key = try await keys.create(role: role, party: party.map { try PartyID(parsing: $0) }, label: "demo")
            made.append((role.rawValue, party, key.key.text))
        }
        return Report(keys: made, stepsRun: tally.run, stepsReplayed: tally.replayed)
    }
}

struct DemoTally {
    var run = 0
    var replayed = 0

    mutating func count(replayed wasReplayed: Bool) {
        if wasReplayed { replayed += 1 } else { run += 1 }
    }
}
