/// JSON of a round's state, for `GET /v1/streams/{id}/state`. Written by hand so that the same
/// state always gives the same bytes: `mentors` (a dictionary of sets) is written as a list by
/// startup with sorted mentors. Encodable only: nothing stores it to read back.
extension RoundState: Encodable {
    private enum CodingKeys: String, CodingKey {
        case id, lab, number, capacity, applicationWindow, programmeMonths, applicants, benefits, mentors, graduates, graduatedOn
    }

    private struct Mentors: Encodable {
        let startup: PartyID
        let mentors: [PersonID]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(lab, forKey: .lab)
        try container.encode(number, forKey: .number)
        try container.encode(capacity, forKey: .capacity)
        try container.encodeIfPresent(applicationWindow, forKey: .applicationWindow)
        try container.encode(programmeMonths, forKey: .programmeMonths)
        try container.encode(applicants, forKey: .applicants)
        try container.encode(benefits, forKey: .benefits)
        let mentors = self.mentors.keys.sorted().map { Mentors(startup: $0, mentors: self.mentors[$0, default: []].sorted()) }
        try container.encode(mentors, forKey: .mentors)
        try container.encode(graduates, forKey: .graduates)
        try container.encodeIfPresent(graduatedOn, forKey: .graduatedOn)
    }
}

extension RoundState.Applicant: Encodable {
    private enum CodingKeys: String, CodingKey { case startup, appliedOn, decision, decidedOn }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(startup, forKey: .startup)
        try container.encode(appliedOn, forKey: .appliedOn)
        switch decision {
        case .pending:
            try container.encode("pending", forKey: .decision)
        case .admitted(let on):
            try container.encode("admitted", forKey: .decision)
            try container.encode(on, forKey: .decidedOn)
        case .rejected(let on):
            try container.encode("rejected", forKey: .decision)
            try container.encode(on, forKey: .decidedOn)
        }
    }
}

extension RoundState.Benefit: Encodable {
    private enum CodingKeys: String, CodingKey { case startup, kind, quantity, provider, commitment, reference, grantedOn }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(startup, forKey: .startup)
        try container.encode(kind, forKey: .kind)
        try container.encode(quantity, forKey: .quantity)
        try container.encode(provider, forKey: .provider)
        try container.encodeIfPresent(commitment, forKey: .commitment)
        try container.encode(reference, forKey: .reference)
        try container.encode(grantedOn, forKey: .grantedOn)
    }
}
