import Foundation

public struct LabParty: Sendable, Hashable, Codable {
    public let party: PartyID
    public let role: PartyRole

    public init(party: PartyID, role: PartyRole) {
        self.party = party
        self.role = role
    }
}

/// Schema v2 added `researchAreas`; v1 payloads (written before labs declared them) upcast with
/// an empty list.
public struct LabFounded: VersionedEvent {
    public static let eventType = "LabFounded"
    public static let schemaVersion = 2
    public let lab: LabID
    public let name: String
    public let founders: [LabParty]
    public let foundedOn: LocalDate
    public let researchAreas: [String]
    /// Absent when the founders gave none (and in every event written before labs had one):
    /// an absent optional is not encoded, so such events keep their bytes and their hashes.
    public let profile: LabProfile?

    public init(lab: LabID, name: String, founders: [LabParty], foundedOn: LocalDate, researchAreas: [String], profile: LabProfile? = nil) {
        self.lab = lab
        self.name = name
        self.founders = founders
        self.foundedOn = foundedOn
        self.researchAreas = researchAreas
        self.profile = profile
    }

    /// The v1 payload, kept verbatim so old history keeps decoding.
    struct V1: Decodable {
        let lab: LabID
        let name: String
        let founders: [LabParty]
        let foundedOn: LocalDate
    }

    public static func upcast(from version: Int, data: Data, decoder: JSONDecoder) throws -> LabFounded {
        guard version == 1 else {
            throw EventDecodingError.unsupportedSchemaVersion(type: eventType, schemaVersion: version)
        }
        let v1 = try decoder.decode(V1.self, from: data)
        return LabFounded(lab: v1.lab, name: v1.name, founders: v1.founders, foundedOn: v1.foundedOn, researchAreas: [])
    }
}

public struct MemberAdmitted: VersionedEvent {
    public static let eventType = "MemberAdmitted"
    public let party: PartyID
    public let role: PartyRole
    public let admittedOn: LocalDate

    public init(party: PartyID, role: PartyRole, admittedOn: LocalDate) {
        self.party = party
        self.role = role
        self.admittedOn = admittedOn
    }
}

public struct MemberDeparted: VersionedEvent {
    public static let eventType = "MemberDeparted"
    public let party: PartyID
    public let departedOn: LocalDate
    public let reason: String

    public init(party: PartyID, departedOn: LocalDate, reason: String) {
        self.party = party
        self.departedOn = departedOn
        self.reason = reason
    }
}

/// Scientists, entrepreneurs and professors who mentor the lab. The advisor's name and contact
/// details are personal data and sit in `person` alone.
public struct AdvisoryBoardMemberAppointed: VersionedEvent {
    public static let eventType = "AdvisoryBoardMemberAppointed"
    public let advisor: PersonID
    public let orcid: ORCID?
    public let expertise: String
    public let appointedOn: LocalDate
    public let person: PersonalData

    public init(advisor: PersonID, orcid: ORCID?, expertise: String, appointedOn: LocalDate, person: PersonalData) {
        self.advisor = advisor
        self.orcid = orcid
        self.expertise = expertise
        self.appointedOn = appointedOn
        self.person = person
    }
}

/// A lab's profile recorded or changed after founding (labs founded before profiles existed get
/// theirs this way). It replaces the whole profile.
public struct LabProfileRecorded: VersionedEvent {
    public static let eventType = "LabProfileRecorded"
    public let profile: LabProfile
    public let recordedOn: LocalDate

    public init(profile: LabProfile, recordedOn: LocalDate) {
        self.profile = profile
        self.recordedOn = recordedOn
    }
}

public struct LabDissolved: VersionedEvent {
    public static let eventType = "LabDissolved"
    public let dissolvedOn: LocalDate
    public let reason: String

    public init(dissolvedOn: LocalDate, reason: String) {
        self.dissolvedOn = dissolvedOn
        self.reason = reason
    }
}

public enum LabEvent: Sendable, Equatable {
    case founded(LabFounded)
    case memberAdmitted(MemberAdmitted)
    case memberDeparted(MemberDeparted)
    case advisoryBoardMemberAppointed(AdvisoryBoardMemberAppointed)
    case profileRecorded(LabProfileRecorded)
    case dissolved(LabDissolved)
}
