/// Written by hand rather than synthesized: `signatures` is a dictionary keyed by `PartyID`,
/// which encodes as a key/value list in per-process hash order, and a stored state must give
/// the same bytes on every run. Signatures are written sorted by party.
extension AgreementState: Codable {
    private enum CodingKeys: String, CodingKey {
        case status, id, lab, kind, parties, costShares, ipTerms, term, draftedOn, signatures, executedOn, amendments,
            terminatedOn, expiredOn, peopleTerms, setsUpLab
    }

    private struct Signature: Codable {
        let party: PartyID
        let signedOn: LocalDate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        status = try container.decode(Status.self, forKey: .status)
        id = try container.decodeIfPresent(AgreementID.self, forKey: .id)
        lab = try container.decodeIfPresent(LabID.self, forKey: .lab)
        kind = try container.decodeIfPresent(AgreementKind.self, forKey: .kind)
        parties = try container.decode([AgreementParty].self, forKey: .parties)
        costShares = try container.decode([CostShare].self, forKey: .costShares)
        ipTerms = try container.decodeIfPresent(IPTerms.self, forKey: .ipTerms)
        term = try container.decodeIfPresent(DateRange.self, forKey: .term)
        draftedOn = try container.decodeIfPresent(LocalDate.self, forKey: .draftedOn)
        let signatures = try container.decode([Signature].self, forKey: .signatures)
        self.signatures = Dictionary(signatures.map { ($0.party, $0.signedOn) }, uniquingKeysWith: { _, last in last })
        executedOn = try container.decodeIfPresent(LocalDate.self, forKey: .executedOn)
        amendments = try container.decode([Int].self, forKey: .amendments)
        terminatedOn = try container.decodeIfPresent(LocalDate.self, forKey: .terminatedOn)
        expiredOn = try container.decodeIfPresent(LocalDate.self, forKey: .expiredOn)
        // States stored before agreements had people terms have no key.
        peopleTerms = try container.decodeIfPresent(PeopleTerms.self, forKey: .peopleTerms)
        setsUpLab = try container.decodeIfPresent(Bool.self, forKey: .setsUpLab) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encodeIfPresent(lab, forKey: .lab)
        try container.encodeIfPresent(kind, forKey: .kind)
        try container.encode(parties, forKey: .parties)
        try container.encode(costShares, forKey: .costShares)
        try container.encodeIfPresent(ipTerms, forKey: .ipTerms)
        try container.encodeIfPresent(term, forKey: .term)
        try container.encodeIfPresent(draftedOn, forKey: .draftedOn)
        let signatures = signatures.map { Signature(party: $0.key, signedOn: $0.value) }.sorted { $0.party < $1.party }
        try container.encode(signatures, forKey: .signatures)
        try container.encodeIfPresent(executedOn, forKey: .executedOn)
        try container.encode(amendments, forKey: .amendments)
        try container.encodeIfPresent(terminatedOn, forKey: .terminatedOn)
        try container.encodeIfPresent(expiredOn, forKey: .expiredOn)
        try container.encodeIfPresent(peopleTerms, forKey: .peopleTerms)
        // Written only when true, so every state stored before keeps its bytes.
        if setsUpLab { try container.encode(true, forKey: .setsUpLab) }
    }
}

extension AgreementState.Status: Codable {
    private enum Name: String, Codable {
        case notDrafted = "not_drafted"
        case drafted, executed, terminated, expired
    }

    public init(from decoder: any Decoder) throws {
        switch try Name(from: decoder) {
        case .notDrafted: self = .notDrafted
        case .drafted: self = .drafted
        case .executed: self = .executed
        case .terminated: self = .terminated
        case .expired: self = .expired
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let name: Name = switch self {
        case .notDrafted: .notDrafted
        case .drafted: .drafted
        case .executed: .executed
        case .terminated: .terminated
        case .expired: .expired
        }
        try name.encode(to: encoder)
    }
}
