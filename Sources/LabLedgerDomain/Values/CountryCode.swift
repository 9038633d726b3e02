/// An officially assigned ISO 3166-1 alpha-2 country code, e.g. `HK`, `CN`.
public struct CountryCode: ValidatedString, Comparable {
    public let rawValue: String

    public init(parsing text: String) throws(ValueError) {
        guard text.count == 2, text.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            throw ValueError(code: "country.invalid-format", message: "A country code is two upper-case letters (ISO 3166-1 alpha-2); '\(text)' is not.")
        }
        guard Self.assigned.contains(text) else {
            throw ValueError(code: "country.unassigned", message: "'\(text)' is not an officially assigned ISO 3166-1 alpha-2 code.")
        }
        rawValue = text
    }

    public static func < (lhs: CountryCode, rhs: CountryCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The 249 officially assigned alpha-2 codes (ISO 3166 Maintenance Agency). Exceptionally
    /// or transitionally reserved codes (EU, UK, ...) are not countries and are refused.
    public static let assigned: Set<String> = Set("""
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ \
        BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM \
        DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS \
        GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN \
        KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ \
        MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM \
        PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV \
        SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI \
        VN VU WF WS YE YT ZA ZM ZW
        """.split(separator: " ").map(String.init))
}
