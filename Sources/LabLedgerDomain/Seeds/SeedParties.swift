/// The organisations behind the 2018 Hong Kong and Shenzhen joint AI labs, as domain tests and
/// generated histories start from them (the API's demo registers its own, under other ids).
/// Only public facts: names, kinds, countries. ROR ids are left out until each is checked
/// against the registry, because a wrong one would pass the checksum unnoticed.
public enum SeedParties {
    public static func all() throws(ValueError) -> [RegisterParty] {
        [
            try party("alibaba-group", "Alibaba Group", .company, "CN"),
            try party("sensetime", "SenseTime", .company, "HK"),
            try party("hkstp", "Hong Kong Science and Technology Parks Corporation", .publicBody, "HK"),
            try party("alibaba-entrepreneurs-fund", "Alibaba Entrepreneurs Fund", .fund, "HK"),
            try party("tencent", "Tencent", .company, "CN"),
            try party("cuhk-shenzhen", "The Chinese University of Hong Kong, Shenzhen", .university, "CN"),
            try party("jd-com", "JD.com", .company, "CN"),
        ]
    }

    public static func known() throws(ValueError) -> KnownParties {
        KnownParties(Set(try all().map(\.party)))
    }

    private static func party(_ id: String, _ name: String, _ kind: PartyKind, _ country: String) throws(ValueError) -> RegisterParty {
        RegisterParty(party: try PartyID(parsing: id), name: name, kind: kind, country: try CountryCode(parsing: country))
    }
}
