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

/// A research output (paper, patent, software, dataset); its stream is `output-<id>`.
public struct OutputID: SlugID {
    public static let valueName = "output-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}

/// One invention or patent family, with its options and licences; its stream is `ipasset-<id>`.
public struct IPAssetID: SlugID {
    public static let valueName = "ipasset-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}

/// A licence granted out of an IP asset; unique within that asset's stream.
public struct LicenceID: SlugID {
    public static let valueName = "licence-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}

/// One accelerator round of a lab; its stream is `round-<id>`.
public struct RoundID: SlugID {
    public static let valueName = "round-id"
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}
