import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerPrivacy
import TestSupport
import Testing

/// What docs/domain.md says erasure does not reach: a contributor's ORCID iD in an output,
/// named there without a person id, stays; the ORCID iD sealed beside the person id goes.
@Suite struct ContributorORCIDTests {
    static let ana = ErasureRaceTests.ana

    @Test func forgettingAStudentWhoIsAlsoAContributorLeavesTheirORCIDOnlyInTheOutput() async throws {
        let world = try await VaultWorld.make("vault_contributor_orcid")
        try await world.withVault(KEKSetting(file: world.kekFile())) { store, vault in
            try await store.append(to: "placement-pl-ana", expected: .noStream, [
                VaultWorld.studentship(Self.ana.id, name: Self.ana.name, email: Self.ana.email, orcid: Self.ana.orcid)
            ])
            let output = """
                {"output": "out-1", "lab": "hkai-lab", "kind": "paper", "title": "A result", "date": "2026-11-01",
                 "contributors": [{"orcid": "\(Self.ana.orcid)", "creditRoles": ["software"]}], "affiliations": ["hkai-lab"]}
                """
            try await store.append(to: "output-out-1", expected: .noStream, [
                EventData(type: "OutputRegistered", data: Data(output.utf8), metadata: EventMetadata(actor: "test"))
            ])
            _ = try await PersonErasure(store: store, vault: vault, logger: TestCluster.logger)
                .forget(try PersonID(parsing: Self.ana.id), reason: "request #4", actor: "test", today: try LocalDate(parsing: "2026-12-05"))
        }
        let dump = try await world.database.dump()
        #expect(!dump.contains(Self.ana.name) && !dump.contains(Self.ana.email))
        let holding = dump.split(separator: "\n").filter { $0.contains(Self.ana.orcid) }
        #expect(!holding.isEmpty)
        #expect(holding.allSatisfy { $0.contains("OutputRegistered") && $0.contains("output-out-1") })
    }
}
