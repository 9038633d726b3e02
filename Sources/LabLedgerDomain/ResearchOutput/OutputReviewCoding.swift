/// Stored read-model documents must be byte-identical on every rebuild, and a `Set` encodes in
/// per-process hash order; so the reviewers who cleared are written sorted.
extension OutputState.Review: Codable {
    private enum CodingKeys: String, CodingKey { case reviewers, requestedOn, endsOn, clearedBy }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            reviewers: try container.decode([PartyID].self, forKey: .reviewers),
            requestedOn: try container.decode(LocalDate.self, forKey: .requestedOn),
            endsOn: try container.decode(LocalDate.self, forKey: .endsOn),
            clearedBy: Set(try container.decode([PartyID].self, forKey: .clearedBy)))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reviewers, forKey: .reviewers)
        try container.encode(requestedOn, forKey: .requestedOn)
        try container.encode(endsOn, forKey: .endsOn)
        try container.encode(clearedBy.sorted(), forKey: .clearedBy)
    }
}
