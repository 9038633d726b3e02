/// JSON of a party's state, for `GET /v1/streams/{id}/state`: `{"status": "unregistered"}` or
/// `{"status": "registered", "profile": {…}}`. Encodable only: nothing stores it to read back.
extension PartyState: Encodable {
    private enum CodingKeys: String, CodingKey { case status, profile }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .unregistered:
            try container.encode("unregistered", forKey: .status)
        case .registered(let profile):
            try container.encode("registered", forKey: .status)
            try container.encode(profile, forKey: .profile)
        }
    }
}
