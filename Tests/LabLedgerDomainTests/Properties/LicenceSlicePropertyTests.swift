import PropertyBased
import Testing
@testable import LabLedgerDomain

/// Random licence requests (fields and territories from small sets that include `all-fields`
/// and WORLD, half-open or open-ended terms, any exclusivity, owners and outsiders as
/// licensees, occasional terminations, an optional sponsor option) fed through `decide` one by
/// one, checked against a model of the slice rules kept in plain integers (days since the origin).
@Suite("Licence slice properties")
struct LicenceSlicePropertyTests {
    static let fieldNames = ["computer-vision", "natural-language-processing", "robotics", "all-fields"]
    static let territoryNames = ["CN", "HK", "US", "WORLD"]

    /// A licence or an option as the model sees it: names and day numbers, `until` nil = open-ended.
    struct ModelSlice {
        var fields: Set<String>
        var territories: Set<String>
        var from: Int
        var until: Int?
        var exclusivity: Exclusivity
        var licensee: Int

        func overlaps(fields other: Set<String>) -> Bool {
            fields.contains { f in other.contains { g in f == g || f == "all-fields" || g == "all-fields" } }
        }

        func overlaps(territories other: Set<String>) -> Bool {
            territories.contains { t in other.contains { u in t == u || t == "WORLD" || u == "WORLD" } }
        }

        func overlaps(days other: ModelSlice) -> Bool {
            let start = max(from, other.from)
            let end = [until, other.until].compactMap { $0 }.min()
            return end.map { start < $0 } ?? true
        }

        func overlaps(_ other: ModelSlice) -> Bool {
            overlaps(fields: other.fields) && overlaps(territories: other.territories) && overlaps(days: other)
        }
    }

    /// One generated step: a licence request, or (when `terminate`) the termination of the
    /// oldest running licence on day `start`.
    struct Step {
        let slice: ModelSlice
        let terminate: Bool
    }

    let x: OutputIPRoundSamples
    let fields: [String: FieldOfUse]
    let territories: [String: Territory]
    let licensees: [PartyID]
    /// Licensee indices of the owners (Tencent, CUHK-Shenzhen), who never change here.
    let owners: Set<Int> = [0, 1]
    let origin: LocalDate

    init() throws {
        x = try OutputIPRoundSamples()
        fields = Dictionary(uniqueKeysWithValues: try Self.fieldNames.map { ($0, try FieldOfUse(parsing: $0)) })
        territories = Dictionary(uniqueKeysWithValues: try Self.territoryNames.map { ($0, try Territory(parsing: $0)) })
        licensees = [x.s.tencent, x.s.cuhksz, x.s.jd, x.s.outsider]
        origin = try date("2020-01-01")
    }

    static func names(_ mask: Int, _ all: [String]) -> Set<String> {
        Set(all.indices.filter { mask & (1 << $0) != 0 }.map { all[$0] })
    }

    static let steps = zip(
        Gen.int(in: 1...15), Gen.int(in: 1...15), Gen.int(in: 0...59), Gen.int(in: 0...30), Gen.int(in: 0...2), Gen.int(in: 0...3), Gen.int(in: 0...5)
    ).map { fieldMask, territoryMask, start, length, exclusivity, licensee, terminate in
        Step(slice: ModelSlice(
            fields: names(fieldMask, fieldNames), territories: names(territoryMask, territoryNames), from: start,
            until: length == 0 ? nil : start + length, exclusivity: Exclusivity.allCases[exclusivity], licensee: licensee),
             terminate: terminate == 0)
    }.array(of: 1...10)

    /// Fields (mask 0: no option), first day, length and the day offset of a decline (none if
    /// past the expiry) of Tencent's option.
    static let option = zip(Gen.int(in: 0...15), Gen.int(in: 0...59), Gen.int(in: 1...60), Gen.int(in: 0...80))

    func day(_ offset: Int) throws -> LocalDate { try origin.adding(days: offset) }

    func command(_ slice: ModelSlice, id: String) throws -> IPAssetCommand {
        .grantLicence(GrantLicence(
            licence: try parsed(id), licensee: licensees[slice.licensee], licensors: [x.s.cuhksz], consents: [x.s.tencent],
            exclusivity: slice.exclusivity, fields: slice.fields.sorted().compactMap { fields[$0] },
            territories: slice.territories.sorted().compactMap { territories[$0] },
            term: try DateRange(from: day(slice.from), to: slice.until.map(day)), royalty: try x.royalty, grantedOn: try date("2019-12-01"),
            parties: x.s.known))
    }

    /// The owned asset, with Tencent's option (and its decline) when the generator asks for one;
    /// the option's reservation in model form.
    func start(_ option: (Int, Int, Int, Int)) throws -> ([IPAssetEvent], ModelSlice?) {
        var events = try x.owned()
        let (mask, first, length, declineAfter) = option
        guard mask != 0 else { return (events, nil) }
        let optionFields = Self.names(mask, Self.fieldNames)
        events += try accepted(IPAssetDecider.self, given: events, when: .grantOption(GrantOption(
            sponsor: x.s.tencent, fields: optionFields.sorted().compactMap { fields[$0] }, grantedOn: try day(first),
            expiresOn: try day(first + length), agreement: try x.s.executedAgreement())))
        var until = first + length
        if declineAfter < length {
            events += try accepted(IPAssetDecider.self, given: events, when: .declineOption(DeclineOption(option: 1, by: x.s.tencent, declinedOn: try day(first + declineAfter))))
            until = first + declineAfter
        }
        let reservation = ModelSlice(fields: optionFields, territories: ["WORLD"], from: first, until: until, exclusivity: .exclusive, licensee: 0)
        return (events, reservation)
    }

    /// The model's verdict: does `request` break a running licence's slice or the option?
    func modelConflict(_ request: ModelSlice, licences: [ModelSlice], option: ModelSlice?) -> Bool {
        let licenceConflict = licences.contains { existing in
            guard existing.overlaps(request) else { return false }
            switch (existing.exclusivity, request.exclusivity) {
            case (.exclusive, _), (.sole, .exclusive), (.sole, .sole), (.nonExclusive, .exclusive): return true
            case (.sole, .nonExclusive): return !owners.contains(request.licensee)
            case (.nonExclusive, .sole): return !owners.contains(existing.licensee)
            case (.nonExclusive, .nonExclusive): return false
            }
        }
        let optionConflict = option.map { request.licensee != $0.licensee && $0.overlaps(fields: request.fields) && $0.overlaps(days: request) } ?? false
        return licenceConflict || optionConflict
    }

    func isSliceRefusal(_ code: String?) -> Bool { code.map(SliceConflict.codes.contains) ?? false }

    @Test("decide never lets two exclusive or sole licences overlap, refuses exactly the slice conflicts, and never refuses a grant that overlaps nothing")
    func decideKeepsSlicesApart() async throws {
        await propertyCheck(input: Self.option, Self.steps) { option, steps in
            do {
                var (events, reservation) = try start(option)
                var granted: [ModelSlice] = []
                for (index, step) in steps.enumerated() {
                    if step.terminate {
                        let on = step.slice.from
                        guard let running = granted.firstIndex(where: { licence in licence.from <= on && (licence.until.map { on < $0 } ?? true) }) else { continue }
                        let terminate = IPAssetCommand.terminateLicence(TerminateLicence(licence: try parsed("lic-\(running)"), effectiveOn: try day(step.slice.from), reason: "Generated"))
                        if let accepted = try? IPAssetDecider.decide(terminate, IPAssetDecider.fold(events)) {
                            events += accepted
                            granted[running].until = step.slice.from
                        }
                        continue
                    }
                    let request = step.slice
                    let code = refusal(IPAssetDecider.self, given: events, when: try command(request, id: "lic-\(granted.count)"))
                    // Every request is otherwise valid, so the only refusals are for slice reasons ...
                    #expect(code == nil || isSliceRefusal(code), "step \(index): \(code ?? "")")
                    // ... and they are exactly the conflicts of the model.
                    #expect(isSliceRefusal(code) == modelConflict(request, licences: granted, option: reservation), "step \(index): \(code ?? "accepted")")
                    // (b) as stated: overlapping no exclusive/sole slice and no open option of another party,
                    // a non-exclusive grant is never refused; an exclusive or sole one overlapping no licence at all, neither.
                    let touchesReserving = granted.contains { $0.exclusivity.reservesSlice && $0.overlaps(request) }
                    let touchesAny = granted.contains { $0.overlaps(request) }
                    let touchesOption = reservation.map { request.licensee != $0.licensee && $0.overlaps(fields: request.fields) && $0.overlaps(days: request) } ?? false
                    if !touchesOption && !(request.exclusivity.reservesSlice ? touchesAny : touchesReserving) {
                        #expect(code == nil, "step \(index): a grant overlapping nothing was refused with \(code ?? "")")
                    }
                    // A refused request takes no id: licence ids stay the indices of `granted`.
                    guard code == nil else { continue }
                    events += try IPAssetDecider.decide(try command(request, id: "lic-\(granted.count)"), IPAssetDecider.fold(events))
                    granted.append(request)
                    // (a) No two granted exclusive/sole licences overlap in field × territory × time.
                    let reserving = granted.filter { $0.exclusivity.reservesSlice }
                    for (i, a) in reserving.enumerated() {
                        for b in reserving.dropFirst(i + 1) { #expect(!a.overlaps(b), "exclusive slices overlap after step \(index)") }
                    }
                }
                #expect(IPAssetDecider.fold(events).licences.count == granted.count)
            } catch {
                Issue.record("setup failed: \(error)")
            }
        }
    }

    @Test("the availability query agrees with decide, day by day and over whole terms")
    func availabilityAgreesWithDecide() async throws {
        await propertyCheck(input: Self.option, Self.steps) { option, steps in
            do {
                var (events, reservation) = try start(option)
                var granted: [ModelSlice] = []
                for request in steps.map(\.slice) {
                    let state = IPAssetDecider.fold(events)
                    let refused = isSliceRefusal(refusal(IPAssetDecider.self, given: events, when: try command(request, id: "lic-\(granted.count)")))
                    // Availability is constant between the days windows open, so these days cover every case.
                    let windows = granted.map(\.from) + (reservation.map { [$0.from] } ?? [])
                    let days = Set([request.from] + windows.filter { opens in opens >= request.from && (request.until.map { opens < $0 } ?? true) })
                    var unavailableSomewhere = false
                    for field in request.fields.sorted() {
                        for territory in request.territories.sorted() {
                            for offset in days.sorted() {
                                let answer = state.availability(
                                    licensee: licensees[request.licensee], exclusivity: request.exclusivity,
                                    field: try #require(fields[field]), territory: try #require(territories[territory]), on: try day(offset))
                                unavailableSomewhere = unavailableSomewhere || !answer.isAvailable
                            }
                        }
                    }
                    #expect(refused == unavailableSomewhere)
                    // A one-day licence on the request's first day, first field and territory, is
                    // refused exactly when the query says that point is unavailable.
                    let point = ModelSlice(
                        fields: [request.fields.sorted()[0]], territories: [request.territories.sorted()[0]], from: request.from,
                        until: request.from + 1, exclusivity: request.exclusivity, licensee: request.licensee)
                    let pointAnswer = state.availability(
                        licensee: licensees[point.licensee], exclusivity: point.exclusivity, field: try #require(fields[point.fields.sorted()[0]]),
                        territory: try #require(territories[point.territories.sorted()[0]]), on: try day(point.from))
                    let pointCode = refusal(IPAssetDecider.self, given: events, when: try command(point, id: "probe"))
                    #expect(isSliceRefusal(pointCode) == !pointAnswer.isAvailable)
                    // Both walk the same slices in the same order, so they name the same conflict.
                    if case .unavailable(let conflict) = pointAnswer { #expect(pointCode == conflict.code) }
                    if !refused {
                        events += try IPAssetDecider.decide(try command(request, id: "lic-\(granted.count)"), state)
                        granted.append(request)
                    }
                }
            } catch {
                Issue.record("setup failed: \(error)")
            }
        }
    }
}
