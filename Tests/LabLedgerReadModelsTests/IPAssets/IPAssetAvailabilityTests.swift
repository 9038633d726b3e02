import Foundation
import LabLedgerDomain
import LabLedgerReadModels
import Testing

/// "Could X be licensed (exclusively) for field F in territory T on date D?" answered from the
/// stored document must be exactly what the domain decides: granting X a licence of that
/// exclusivity for F in T over the single day [D, D+1), by every owner, on the same state.
@Suite("ip_assets read model: licence availability agrees with the domain")
struct IPAssetAvailabilityTests {
    struct Query: CustomStringConvertible {
        let licensee: PartyID
        let exclusivity: Exclusivity
        let field: FieldOfUse
        let territory: Territory
        let date: LocalDate

        var description: String { "\(licensee) \(exclusivity.rawValue) \(field) in \(territory) on \(date)" }
    }

    /// The answer from the document as stored (JSON bytes).
    static func fromDocument(_ document: Data, _ q: Query) throws -> LicenceAvailability {
        try IPAssetReadModel.availability(in: document, licensee: q.licensee, exclusivity: q.exclusivity, field: q.field, territory: q.territory, on: q.date)
    }

    /// What `decide` does with a one-day licence for the same slice, granted by every owner (so
    /// only the slice rules can refuse it): nil when it grants it, else its refusal.
    static func decided(_ story: IPStory, _ q: Query) throws -> DomainError? {
        let state = story.state
        let owners = state.owners.sorted()
        let command = GrantLicence(
            licence: try IPStory.parse("availability-probe"), licensee: q.licensee, licensors: Array(owners.prefix(1)),
            consents: Array(owners.dropFirst()), exclusivity: q.exclusivity, fields: [q.field], territories: [q.territory],
            term: try DateRange(from: q.date, to: q.date.adding(days: 1)), royalty: Royalty(rateBasisPoints: try BasisPoints(200)),
            grantedOn: try #require(state.disclosedOn), parties: story.known)
        do {
            _ = try IPAssetDecider.decide(.grantLicence(command), state)
            return nil
        } catch {
            return error
        }
    }

    /// The document's answer, after checking that it agrees with `decide` on the same state.
    static func answer(_ story: IPStory, _ q: Query, sourceLocation: SourceLocation = #_sourceLocation) throws -> LicenceAvailability {
        let availability = try fromDocument(try story.folded().document, q)
        try expectAgreement(availability, try decided(story, q), q, sourceLocation: sourceLocation)
        return availability
    }

    static func expectAgreement(
        _ availability: LicenceAvailability, _ refusal: DomainError?, _ q: Query, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        switch availability {
        case .available:
            #expect(refusal == nil, "\(q): available, but decide refused: \(refusal.map(\.description) ?? "")", sourceLocation: sourceLocation)
        case .unavailable(let conflict):
            #expect(refusal == conflict.error, "\(q): \(conflict.code), but decide said \(refusal.map(\.code) ?? "granted")", sourceLocation: sourceLocation)
        }
    }

    func query(_ licensee: PartyID, _ exclusivity: Exclusivity, _ field: FieldOfUse, _ territory: Territory, _ date: String) throws -> Query {
        Query(licensee: licensee, exclusivity: exclusivity, field: field, territory: territory, date: try IPStory.day(date))
    }

    @Test("available: robotics in the US once Tencent's robotics option has run out")
    func available() throws {
        let story = try IPStory.afterTermination()
        #expect(try Self.answer(story, query(story.pearlRiver, .exclusive, story.robotics, story.us, "2023-01-01")) == .available)
        #expect(try Self.answer(story, query(story.pearlRiver, .exclusive, story.robotics, .world, "2022-05-01")) == .available)
    }

    @Test("blocked by an exclusive licence in force: nobody else, exclusive or not")
    func blockedByExclusiveLicence() throws {
        let story = try IPStory.licensed()
        let tencentCV: LicenceID = try IPStory.parse("tencent-cv-cn")
        guard case .unavailable(let inside) = try Self.answer(story, query(story.pearlRiver, .nonExclusive, story.cv, story.cn, "2021-06-01")) else {
            Issue.record("a non-exclusive licence inside Tencent's exclusive slice was available")
            return
        }
        #expect(inside.code == "ipasset.inside-exclusive-slice" && inside.blockedBy == .licence(tencentCV))
        guard case .unavailable(let overlap) = try Self.answer(story, query(story.jd, .exclusive, story.cv, .world, "2024-12-31")) else {
            Issue.record("an exclusive licence over Tencent's exclusive slice was available")
            return
        }
        #expect(overlap.code == "ipasset.exclusive-slices-overlap")
        // Outside the slice in territory or time, it is free.
        #expect(try Self.answer(story, query(story.pearlRiver, .exclusive, story.cv, story.hk, "2021-06-01")) == .available)
        #expect(try Self.answer(story, query(story.pearlRiver, .exclusive, story.cv, story.cn, "2025-01-01")) == .available)
    }

    @Test("blocked by another sponsor's open option in the field, in every territory; not for the sponsor")
    func blockedByOpenOption() throws {
        let story = try IPStory.afterTermination()
        guard case .unavailable(let conflict) = try Self.answer(story, query(story.pearlRiver, .exclusive, story.robotics, story.us, "2022-03-01")) else {
            Issue.record("a licence inside Tencent's open robotics option was available")
            return
        }
        #expect(conflict.code == "ipasset.option-open" && conflict.blockedBy == .option(2))
        #expect(try Self.answer(story, query(story.pearlRiver, .nonExclusive, story.robotics, story.hk, "2022-04-30")) != .available)
        #expect(try Self.answer(story, query(story.tencent, .exclusive, story.robotics, story.us, "2022-03-01")) == .available)
        // The declined NLP option frees its field from the day it was declined.
        #expect(try Self.answer(story, query(story.pearlRiver, .exclusive, story.nlp, story.cn, "2022-06-30")) != .available)
        #expect(try Self.answer(story, query(story.pearlRiver, .exclusive, story.nlp, story.cn, "2022-07-01")) == .available)
    }

    @Test("free again after termination: from the effective date, not before")
    func freeAfterTermination() throws {
        let before = try IPStory.licensed()
        let after = try IPStory.afterTermination()
        let q = try query(before.pearlRiver, .exclusive, before.cv, before.cn, "2022-06-01")
        #expect(try Self.answer(before, q) != .available)
        #expect(try Self.answer(after, q) == .available)
        #expect(try Self.answer(after, query(after.pearlRiver, .exclusive, after.cv, after.cn, "2022-01-01")) == .available)
        #expect(try Self.answer(after, query(after.pearlRiver, .exclusive, after.cv, after.cn, "2021-12-31")) != .available)
    }

    @Test("every step of the story: every licensee, exclusivity, field, territory and date agrees with decide")
    func sweep() throws {
        let story = try IPStory.afterTermination()
        let fields = [story.cv, story.robotics, story.nlp, FieldOfUse.allFields]
        let territories = [story.cn, story.us, story.hk, Territory.world]
        let dates = try ["2019-06-01", "2019-07-30", "2020-01-01", "2021-12-31", "2022-01-01", "2022-03-01", "2022-06-15",
                         "2022-07-01", "2023-06-01", "2025-01-01", "2025-03-01", "2026-01-01"].map(IPStory.day)
        var verdicts: [String: Int] = [:]
        // From the first state with owners (decide licenses nothing before) to the last.
        for count in 2...story.events.count {
            let step = story.truncated(to: count)
            // Decoded once per step (the named cases above go through the JSON each time).
            let document = try JSONDecoder().decode(IPAssetDocument.self, from: try step.folded().document)
            for licensee in [story.tencent, story.cuhksz, story.pearlRiver, story.jd] {
                for exclusivity in Exclusivity.allCases {
                    for field in fields {
                        for territory in territories {
                            for date in dates {
                                let q = Query(licensee: licensee, exclusivity: exclusivity, field: field, territory: territory, date: date)
                                let availability = document.availability(
                                    licensee: licensee, exclusivity: exclusivity, field: field, territory: territory, on: date)
                                try Self.expectAgreement(availability, try Self.decided(step, q), q)
                                switch availability {
                                case .available: verdicts["available", default: 0] += 1
                                case .unavailable(let conflict): verdicts[conflict.code, default: 0] += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        // The sweep meets every kind of answer, so agreement is not trivially "always available".
        #expect(Set(verdicts.keys) == Set(["available"]).union(SliceConflict.codes), "\(verdicts)")
    }
}
