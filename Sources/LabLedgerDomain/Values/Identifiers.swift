/// A party (university, company, public body, fund or startup); its stream is `party-<id>`.
public struct PartyID: SlugID {
    public static let valueName = "party-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}

public struct LabID: SlugID {
    public static let valueName = "lab-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}

public struct AgreementID: SlugID {
    public static let valueName = "agreement-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}

public struct CommitmentID: SlugID {
    public static let valueName = "commitment-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}

public struct PlacementID: SlugID {
    public static let valueName = "placement-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}

/// A pseudonymous handle for a natural person. It is not personal data itself: it is the key
/// under which the person's `PersonalData` is encrypted, so erasing that key erases the person
/// while every event that mentions the id stays intact.
public struct PersonID: SlugID {
    public static let valueName = "person-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}
