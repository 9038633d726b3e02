/// Written by hand rather than synthesized: `members` and `advisors` are hashed collections,
/// which encode in per-process hash order, and a stored state must give the same bytes on
/// every run. Members are written as `LabParty`s sorted by party, advisors sorted.
extension LabState: Codable {
    private enum CodingKeys: String, CodingKey {
        case status, dissolvedOn, id, name, foundedOn, founders, members, advisors, researchAreas, profile
    }

    private enum StatusName: String, Codable {
        case notFounded = "not_founded"
        case active
        case dissolved
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        switch try container.decode(StatusName.self, forKey: .status) {
        case .notFounded: status = .notFounded
        case .active: status = .active
        case .dissolved: status = .dissolved(on: try container.decode(LocalDate.self, forKey: .dissolvedOn))
        }
        id = try container.decodeIfPresent(LabID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        foundedOn = try container.decodeIfPresent(LocalDate.self, forKey: .foundedOn)
        founders = try container.decode([PartyID].self, forKey: .founders)
        let members = try container.decode([LabParty].self, forKey: .members)
        self.members = Dictionary(members.map { ($0.party, $0.role) }, uniquingKeysWith: { _, last in last })
        advisors = Set(try container.decode([PersonID].self, forKey: .advisors))
        researchAreas = try container.decode([String].self, forKey: .researchAreas)
        // States stored before labs had profiles have no key.
        profile = try container.decodeIfPresent(LabProfile.self, forKey: .profile)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch status {
        case .notFounded: try container.encode(StatusName.notFounded, forKey: .status)
        case .active: try container.encode(StatusName.active, forKey: .status)
        case .dissolved(let on):
            try container.encode(StatusName.dissolved, forKey: .status)
            try container.encode(on, forKey: .dissolvedOn)
        }
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(foundedOn, forKey: .foundedOn)
        try container.encode(founders, forKey: .founders)
        let members = members.map { LabParty(party: $0.key, role: $0.value) }.sorted { $0.party < $1.party }
        try container.encode(members, forKey: .members)
        try container.encode(advisors.sorted(), forKey: .advisors)
        try container.encode(researchAreas, forKey: .researchAreas)
        try container.encodeIfPresent(profile, forKey: .profile)
    }
}
