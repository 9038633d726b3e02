import EventStore
import Foundation
import LabLedgerPrivacy

/// Appends of events with a `person` part, through a store with the person vault (the part
/// sealed with a key of its own per person) and through one without it (the same events, the
/// part in plaintext). With `newPeople` every event names a new person, as a studentship or an
/// appointment does, so each append also makes and stores that person's key (the vault's whole
/// cost); without it each client's events name one returning person, whose key is cached
/// (sealing alone).
struct PersonSealingBench {
    let store: StoreBench
    let kek = KeyEncryptionKey.random()

    func measure(clients: Int, batch: Int, sealed: Bool, newPeople: Bool = true) async throws -> ClientLoad.Measured {
        let (kek, logger) = (self.kek, store.logger)
        return try await store.measure(
            clients: clients, batch: batch,
            protection: { _ in sealed ? PersonVault(kek: kek, logger: logger) : nil }
        ) { run, client, version in
            EventData(
                type: "StudentshipAwarded", data: Data(Self.payload(person: newPeople ? "p\(run)-\(client)-\(version)" : "p\(run)-\(client)").utf8),
                metadata: EventMetadata(actor: "bench", correlationID: "bench-run", requestID: "bench"))
        }
    }

    /// A studentship as the domain writes it (about 480 bytes), its student a new person.
    static func payload(person: String) -> String {
        #"{"placement": "pl-\#(person)", "lab": "machine-intelligence-joint-lab", "agreement": "tencent-cuhksz-2018", "#
            + #""student": "\#(person)", "orcid": "0000-0003-1234-5674", "degreeGrantor": "cuhk-shenzhen", "sponsor": "tencent", "#
            + #""stipend": {"monthly": {"currency": "CNY", "minorUnits": 800000}, "commitment": "tencent-phd-stipends"}, "#
            + #""period": {"from": "2018-09-01", "to": "2022-09-01"}, "awardedOn": "2018-08-01", "#
            + #""person": {"name": "Example Student \#(person)", "email": "student-\#(person)@link.cuhk.example.edu.cn"}}"#
    }
}
