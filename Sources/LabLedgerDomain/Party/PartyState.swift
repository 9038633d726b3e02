public struct PartyProfile: Sendable, Equatable, Codable {
    public let id: PartyID
    public var name: String
    public var kind: PartyKind
    public var ror: ROR?
    public var country: CountryCode
}

public enum PartyState: Sendable, Equatable {
    case unregistered
    case registered(PartyProfile)

    public var profile: PartyProfile? {
        if case .registered(let profile) = self { return profile }
        return nil
    }
}

extension PartyDecider {
    public static let initial = PartyState.unregistered

    public static func evolve(_ state: inout PartyState, _ event: PartyEvent) {
        switch (state, event) {
        case (_, .registered(let e)):
            state = .registered(PartyProfile(id: e.party, name: e.name, kind: e.kind, ror: e.ror, country: e.country))
        case (.registered(var profile), .detailsCorrected(let e)):
            profile.name = e.name
            profile.kind = e.kind
            profile.ror = e.ror
            profile.country = e.country
            state = .registered(profile)
        case (.unregistered, .detailsCorrected):
            // decide never emits this; a stream that holds it is left as it was.
            break
        }
    }
}

/// The registered parties a command may name. Registration lives in each party's own stream,
/// so the handler (or a read model) supplies the set; the domain never looks it up.
public struct KnownParties: Sendable, Equatable {
    public let registered: Set<PartyID>

    public init(_ registered: Set<PartyID>) { self.registered = registered }

    /// The first of `parties` that is not registered, if any.
    public func firstUnknown(in parties: some Sequence<PartyID>) -> PartyID? {
        parties.first { !registered.contains($0) }
    }
}
