import EventStore
import Foundation
import LabLedgerDomain
import LabLedgerHistory
import LabLedgerProjections
import LabLedgerReadModels
import PostgresNIO
import Testing
import TestSupport

@Suite("Read models take the largest values the API accepts")
struct LargestValuesTests {
    /// 4-byte UTF-8 scalars without case (lower-casing a DOI keeps them) and without meaning to
    /// any parser (CJK Unified Ideographs Extension B): the worst case for a limit counted in
    /// code points. Padding draws them at random, because PostgreSQL compresses index entries
    /// and a run of one character would fit an index however long it was.
    static let wideRange: ClosedRange<UInt32> = 0x20000...0x2A6DF

    @Test("every text field at its maximum length in 4-byte characters, research areas at their maximum count, IP-term days and round numbers at their maxima: every projection applies every event, no dead letter, none failed; the large values are compressed with lz4 where the server has it")
    func largestValuesThroughEveryProjection() async throws {
        let database = try await TestDatabase.make("largest_values")
        let history = try Array(HistoryGenerator(seed: 2026, events: 10_000)).map(Self.enlarged)
        let types = Set(history.flatMap(\.events).map(\.type))
        let enlargedTypes = Set(history.flatMap(\.events).filter { Self.holdsEnlargedValue($0) }.map(\.type))
        // The history must reach every kind of event that carries one of the bounded fields.
        for type in ["PartyRegistered", "PartyDetailsCorrected", "LabFounded", "MemberDeparted", "AdvisoryBoardMemberAppointed",
                     "LabDissolved", "AgreementDrafted", "AgreementSigned", "AgreementAmended", "AgreementTerminated",
                     "DisbursementRecorded", "DisbursementReversed", "CommitmentClosed", "OutputRegistered", "OutputCorrected",
                     "OutputPublished", "OutputWithdrawn", "InventionDisclosed", "PatentLapsed", "RoyaltyPaid", "LicenceTerminated",
                     "StudentshipAwarded", "PostdocAppointed", "StipendPaid", "DegreeConferred", "StartupRejected", "BenefitGranted",
                     "MentorAssigned", "RoundOpened"] {
            #expect(types.contains(type), "the history holds no \(type)")
            #expect(enlargedTypes.contains(type), "no \(type) was enlarged")
        }
        let expected = Dictionary(uniqueKeysWithValues: ReadModels.all.map { projection in
            (projection.name, Int64(history.flatMap(\.events).filter { projection.eventTypes.contains($0.type) }.count))
        })
        let largest = history.flatMap(\.events).map(\.data.count).max() ?? 0
        #expect(largest <= EventStoreLimits().maxDataBytes, "the largest event, \(largest) bytes, fits the store's cap")

        try await database.withStore { store in
            let worker = ProjectionWorker(
                projectors: ReadModels.all.map(StreamProjector.init), store: store,
                options: WorkerHarness.options(batchSize: 500), logger: TestCluster.logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            for append in history {
                let events = append.events.map {
                    EventData(type: $0.type, schemaVersion: $0.schemaVersion, data: $0.data,
                              metadata: EventMetadata(actor: "history"), occurredAt: append.occurredAt)
                }
                let version: ExpectedVersion = append.expectedVersion == 0 ? .noStream : .exact(append.expectedVersion)
                try await store.append(to: append.stream.rawValue, expected: version, events)
            }
            let harness = WorkerHarness(database: database)
            for projection in ReadModels.all {
                #expect(try await eventually(seconds: 300) {
                    let status = try await harness.status(projection.name)
                    return status?.eventsApplied == expected[projection.name] || (status?.openDeadLetters ?? 0) > 0
                }, "\(projection.name) applied every event of its types")
            }
            let statuses = try await database.withConnection(as: database.provisioned.app) {
                try await ProjectionStatus.all(on: $0, logger: TestCluster.logger)
            }
            for status in statuses {
                #expect(status.openDeadLetters == 0, "\(status.name) parked events")
                #expect(status.state == .running, "\(status.name) is \(status.state)")
                #expect(status.eventsApplied == expected[status.name], "\(status.name) applied \(status.eventsApplied)")
            }
            let letters = try await database.withConnection(as: database.provisioned.app) {
                try await DeadLetter.list(projection: nil, on: $0, logger: TestCluster.logger)
            }
            #expect(letters.isEmpty, "\(letters.prefix(3).map(\.error))")
            try await Self.expectCompressedWithLZ4(database)
        }
    }

    /// The workers ask for lz4 (`ProjectionRunner.preferLZ4`): every large value they stored in
    /// the stored answers and the documents is compressed with it, none with pglz, unless the
    /// server was built without lz4.
    static func expectCompressedWithLZ4(_ database: TestDatabase) async throws {
        try await database.withConnection(as: database.provisioned.owner) { connection in
            let offered = try await connection.query(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'", logger: TestCluster.logger)
            var hasLZ4 = false
            for try await value in offered.decode(Bool.self) { hasLZ4 = value }
            for (table, column) in [("ip_asset_views", "answer"), ("ip_assets_documents", "doc")] {
                let counted = try await connection.query(
                    PostgresQuery(unsafeSQL: """
                        SELECT count(*) FILTER (WHERE pg_column_compression(\(column)) = 'lz4'),
                               count(*) FILTER (WHERE pg_column_compression(\(column)) = 'pglz')
                        FROM \(table)
                        """),
                    logger: TestCluster.logger)
                for try await (lz4, pglz) in counted.decode((Int, Int).self) {
                    if hasLZ4 {
                        #expect(lz4 > 0 && pglz == 0, "\(table).\(column): \(lz4) values in lz4, \(pglz) in pglz")
                    } else {
                        #expect(lz4 == 0 && pglz > 0, "\(table).\(column): \(lz4) values in lz4, \(pglz) in pglz")
                    }
                }
            }
        }
    }

    // MARK: - Enlarging a generated history

    /// `text` padded with `wide` to exactly `length` scalars; the original stays a prefix, so
    /// distinct values stay distinct and a reference names the same thing in every event.
    /// The padding is drawn from a generator seeded by the text itself, so equal texts get equal
    /// padding in every event.
    static func padded(_ text: String, to length: Int) -> String {
        let scalars = Array(text.unicodeScalars.prefix(length))
        var view = String.UnicodeScalarView(scalars)
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let span = UInt64(wideRange.upperBound - wideRange.lowerBound + 1)
        for _ in scalars.count..<length {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = wideRange.lowerBound + UInt32((state >> 33) % span)
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }

    static func enlarged(_ append: GeneratedAppend) throws -> GeneratedAppend {
        var append = append
        append.events = try append.events.map { event in
            guard var object = try JSONSerialization.jsonObject(with: event.data) as? [String: Any] else { return event }
            enlarge(&object, type: event.type)
            var enlarged = event
            enlarged.data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return enlarged
        }
        return append
    }

    /// The bounded free-text fields of the events, by key, with the limit each is held to.
    static let textFields: [String: Int] = [
        "name": TextLimit.name.maxLength, "title": TextLimit.title.maxLength, "reason": TextLimit.reason.maxLength,
        "reference": TextLimit.reference.maxLength, "venue": TextLimit.label.maxLength, "degree": TextLimit.label.maxLength,
        "expertise": TextLimit.label.maxLength, "signatoryTitle": TextLimit.label.maxLength, "doi": DOI.maxLength,
    ]

    static func enlarge(_ object: inout [String: Any], type: String) {
        for (key, limit) in textFields {
            // PlacementEnded's reason is one of four words, not free text.
            guard let text = object[key] as? String, !(key == "reason" && type == "PlacementEnded") else { continue }
            object[key] = padded(text, to: limit)
        }
        if var changes = object["changes"] as? [String: Any] {
            if let summary = changes["summary"] as? String { changes["summary"] = padded(summary, to: TextLimit.reason.maxLength) }
            if var terms = changes["ipTerms"] as? [String: Any] {
                maximiseIPTerms(&terms)
                changes["ipTerms"] = terms
            }
            object["changes"] = changes
        }
        if var terms = object["ipTerms"] as? [String: Any] {
            maximiseIPTerms(&terms)
            object["ipTerms"] = terms
        }
        if var person = object["person"] as? [String: Any], let name = person["name"] as? String {
            person["name"] = padded(name, to: TextLimit.personName.maxLength)
            let domain = "@example.org"
            person["email"] = padded("p", to: TextLimit.email.maxLength - domain.count) + domain
            person["phone"] = padded("+852", to: TextLimit.phone.maxLength)
            object["person"] = person
        }
        if let areas = object["researchAreas"] as? [String] {
            let count = ListLimit.researchAreas.maxItems
            object["researchAreas"] = (0..<count).map { index in
                padded(index < areas.count ? areas[index] : "area \(index)", to: TextLimit.label.maxLength)
            }
        }
        if type == "RoundOpened" {
            object["number"] = RoundDecider.maxNumber
            object["capacity"] = RoundDecider.maxCapacity
        }
    }

    static func maximiseIPTerms(_ terms: inout [String: Any]) {
        terms["sponsorOptionDays"] = AgreementDecider.maxIPTermDays
        terms["publicationReviewDays"] = AgreementDecider.maxIPTermDays
    }

    static func holdsEnlargedValue(_ event: EncodedEvent) -> Bool {
        String(decoding: event.data, as: UTF8.self).unicodeScalars.contains { wideRange.contains($0.value) }
            || (event.type == "RoundOpened" && String(decoding: event.data, as: UTF8.self).contains("\(RoundDecider.maxCapacity)"))
    }
}
