/// Licence slices: who may be licensed in which field × territory × time.
///
/// The model, applied by `decide` when granting and by the availability query alike (both call
/// `sliceConflict`, so they cannot disagree):
/// - A licence occupies its fields × territories over [term start, the earlier of term end and
///   termination); a terminated licence frees its slice from its termination date.
/// - An exclusive slice admits no other licence at all. A sole slice admits only a non-exclusive
///   licence to a current owner (owners keep their own use under a sole licence). Two
///   exclusive/sole licences never overlap, whoever holds them.
/// - An exclusive or sole licence is not granted over another licence already in force there:
///   it cannot take away rights already given (a current owner's non-exclusive licence excepted,
///   for a sole one).
/// - An option reserves its fields in every territory over [granted, reservedUntil) for its
///   sponsor: nobody else is licensed in its fields while it is open.
/// - Fields overlap when equal or when one is `all-fields`; territories when equal or one is
///   `WORLD`; periods are half-open.
public struct SliceConflict: Sendable, Equatable {
    public enum Blocker: Sendable, Equatable {
        case licence(LicenceID)
        case option(Int)
    }

    public let code: String
    public let message: String
    public let blockedBy: Blocker
    /// The first day the blocker no longer holds the slice (the licence's end or termination,
    /// the option's `reservedUntil`); nil for a licence in force open-ended.
    public let until: LocalDate?

    public var error: DomainError { DomainError(code: code, message: message) }

    /// Every code a slice conflict can carry: the refusals "for slice reasons".
    public static let codes: Set<String> = [
        "ipasset.exclusive-slices-overlap", "ipasset.inside-exclusive-slice", "ipasset.inside-sole-slice",
        "ipasset.slice-already-licensed", "ipasset.option-open",
    ]
}

/// The answer to "could X be licensed (exclusively or not) for field F in territory T on day D?".
public enum LicenceAvailability: Sendable, Equatable {
    case available
    case unavailable(SliceConflict)

    public var isAvailable: Bool { self == .available }
}

/// The time a request asks about: a licence's whole term, or the single day of a query.
enum SliceSpan: Sendable, Equatable {
    case term(DateRange)
    case day(LocalDate)

    /// Whether the span shares a day with [from, until); an empty window shares none.
    func overlaps(from: LocalDate, until: LocalDate?) -> Bool {
        if let until, until <= from { return false }
        switch self {
        case .day(let day):
            return from <= day && until.map { day < $0 } ?? true
        case .term(let term):
            let startsBeforeWindowEnds = until.map { term.from < $0 } ?? true
            let windowStartsBeforeTermEnds = term.to.map { from < $0 } ?? true
            return startsBeforeWindowEnds && windowStartsBeforeTermEnds
        }
    }
}

extension IPAssetState {
    /// Could `licensee` be granted a licence of `exclusivity` for `field` in `territory` on
    /// `date`, as far as the slices of other licences and options go? The API serves this as
    /// availability; ownership, consents and the other non-slice rules are `decide`'s alone.
    public func availability(
        licensee: PartyID, exclusivity: Exclusivity, field: FieldOfUse, territory: Territory, on date: LocalDate
    ) -> LicenceAvailability {
        guard let conflict = sliceConflict(licensee: licensee, exclusivity: exclusivity, fields: [field], territories: [territory], span: .day(date)) else {
            return .available
        }
        return .unavailable(conflict)
    }

    /// The first licence or option whose slice a licence of `exclusivity` to `licensee` over
    /// `fields` × `territories` × `term` would break, or nil.
    public func sliceConflict(
        licensee: PartyID, exclusivity: Exclusivity, fields: [FieldOfUse], territories: [Territory], term: DateRange
    ) -> SliceConflict? {
        sliceConflict(licensee: licensee, exclusivity: exclusivity, fields: fields, territories: territories, span: .term(term))
    }

    func sliceConflict(
        licensee: PartyID, exclusivity: Exclusivity, fields: [FieldOfUse], territories: [Territory], span: SliceSpan
    ) -> SliceConflict? {
        for existing in licences
        where FieldOfUse.overlaps(fields, existing.fields) && Territory.overlaps(territories, existing.territories)
            && span.overlaps(from: existing.term.from, until: existing.inForceUntil)
        {
            if let code = Self.conflictCode(new: (licensee, exclusivity), existing: (existing.licensee, existing.exclusivity), owners: owners) {
                return SliceConflict(code: code, message: Self.message(code, existing, licensee), blockedBy: .licence(existing.id), until: existing.inForceUntil)
            }
        }
        for option in options
        where option.sponsor != licensee && FieldOfUse.overlaps(fields, option.fields)
            && span.overlaps(from: option.grantedOn, until: option.reservedUntil)
        {
            return SliceConflict(
                code: "ipasset.option-open",
                message: "Option \(option.number) of '\(option.sponsor)' reserves \(option.fields.map(\.rawValue).joined(separator: ", ")) "
                    + "from \(option.grantedOn) until \(option.reservedUntil); nobody else is licensed in those fields meanwhile.",
                blockedBy: .option(option.number), until: option.reservedUntil)
        }
        return nil
    }

    /// Whether a new licence may share a slice with an existing one, by their exclusivity.
    static func conflictCode(
        new: (licensee: PartyID, exclusivity: Exclusivity), existing: (licensee: PartyID, exclusivity: Exclusivity), owners: Set<PartyID>
    ) -> String? {
        switch (existing.exclusivity, new.exclusivity) {
        case (.exclusive, .exclusive), (.exclusive, .sole), (.sole, .exclusive), (.sole, .sole):
            return "ipasset.exclusive-slices-overlap"
        case (.exclusive, .nonExclusive):
            return "ipasset.inside-exclusive-slice"
        case (.sole, .nonExclusive):
            return owners.contains(new.licensee) ? nil : "ipasset.inside-sole-slice"
        case (.nonExclusive, .exclusive):
            return "ipasset.slice-already-licensed"
        case (.nonExclusive, .sole):
            return owners.contains(existing.licensee) ? nil : "ipasset.slice-already-licensed"
        case (.nonExclusive, .nonExclusive):
            return nil
        }
    }

    private static func message(_ code: String, _ existing: Licence, _ licensee: PartyID) -> String {
        let slice = "\(existing.fields.map(\.rawValue).joined(separator: ", ")) in \(existing.territories.map(\.rawValue).joined(separator: ", ")) "
            + "from \(existing.term.from) until \(existing.inForceUntil.map(\.rawValue) ?? "open-ended")"
        return switch code {
        case "ipasset.exclusive-slices-overlap":
            "Licence '\(existing.id)' is \(existing.exclusivity.rawValue) to '\(existing.licensee)' for \(slice); exclusive and sole licences never overlap."
        case "ipasset.inside-exclusive-slice":
            "Licence '\(existing.id)' is exclusive to '\(existing.licensee)' for \(slice); nobody else is licensed there."
        case "ipasset.inside-sole-slice":
            "Licence '\(existing.id)' is sole to '\(existing.licensee)' for \(slice); besides the owners, nobody else is licensed there, and '\(licensee)' is not an owner."
        default:
            "Licence '\(existing.id)' already licenses '\(existing.licensee)' for \(slice); exclusivity there cannot be granted over it."
        }
    }
}
