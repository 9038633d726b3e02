/// JSON of a placement's state, for `GET /v1/streams/{id}/state`. Written by hand so that the
/// same state always gives the same bytes: `stipendReferences` is a set and is written sorted.
/// Encodable only: nothing stores it to read back.
extension PlacementState: Encodable {
    private enum CodingKeys: String, CodingKey {
        case kind, id, lab, agreement, person, period, degreeGrantor, sponsor, stipend, employer
        case stipendReferences, stipendsPaid, internships, degreeConferredOn, endedOn, endReason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(kind.map { $0 == .studentship ? "studentship" : "postdoc" }, forKey: .kind)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(lab, forKey: .lab)
        try container.encodeIfPresent(agreement, forKey: .agreement)
        try container.encodeIfPresent(person, forKey: .person)
        try container.encodeIfPresent(period, forKey: .period)
        try container.encodeIfPresent(degreeGrantor, forKey: .degreeGrantor)
        try container.encodeIfPresent(sponsor, forKey: .sponsor)
        try container.encodeIfPresent(stipend, forKey: .stipend)
        try container.encodeIfPresent(employer, forKey: .employer)
        try container.encode(stipendReferences.sorted(), forKey: .stipendReferences)
        try container.encode(stipendsPaid, forKey: .stipendsPaid)
        try container.encode(internships, forKey: .internships)
        try container.encodeIfPresent(degreeConferredOn, forKey: .degreeConferredOn)
        try container.encodeIfPresent(endedOn, forKey: .endedOn)
        try container.encodeIfPresent(endReason, forKey: .endReason)
    }
}

extension PlacementState.Internship: Encodable {
    private enum CodingKeys: String, CodingKey { case host, agreement, period, endedOn }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(host, forKey: .host)
        try container.encode(agreement, forKey: .agreement)
        try container.encode(period, forKey: .period)
        try container.encodeIfPresent(endedOn, forKey: .endedOn)
    }
}
