import LabLedgerDomain

/// Makes identifiers that pass the domain's own parsers: ORCID iDs with their MOD 11-2 check
/// digit, ROR ids with their mod 97-10 checksum, DOIs, patent numbers. Each is numbered from a
/// counter, so they are unique across the history; every one is parsed before use, so a
/// malformed one fails loudly instead of slipping into the history.
enum HistoryIdentifiers {
    /// The n-th ORCID iD. `n * 7919 mod 10^7` walks every 7-digit block once (7919 is prime to
    /// 10^7), so iDs are distinct without looking sequential.
    static func orcid(_ n: Int) throws -> ORCID {
        let block = (n / 10_000_000) % 3 + 1
        let serial = (n % 10_000_000) * 7919 % 10_000_000
        let digits = Array("0000000\(block)") + Array(padded(serial, 7))
        let values = digits.compactMap(\.wholeNumberValue)
        let total = values.reduce(0) { ($0 + $1) * 2 }
        let check = (12 - total % 11) % 11
        let text = String(digits) + (check == 10 ? "X" : String(check))
        return try ORCID(parsing: text)
    }

    /// A ROR id for a fictional organisation: '0', six Crockford base32 characters from `n`,
    /// and the ISO 7064 mod 97-10 checksum over the number the seven characters encode.
    static func ror(_ n: Int) throws -> ROR {
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        var characters: [Character] = []
        var rest = (n * 104_729 + 31_337) % (1 << 30)
        for _ in 0..<6 {
            characters.insert(alphabet[rest % 32], at: 0)
            rest /= 32
        }
        let body = "0" + String(characters)
        let number = body.reduce(0) { $0 * 32 + (alphabet.firstIndex(of: $1) ?? 0) }
        let checksum = 98 - (number * 100) % 97
        return try ROR(parsing: body + padded(checksum, 2))
    }

    static let doiRegistrants = ["1109", "1145", "48550", "5281", "1007", "1016"]

    /// A DOI under a publisher's registrant with a suffix naming the lab, year and output number.
    static func doi(registrant: String, lab: String, year: Int, number: Int) throws -> DOI {
        try DOI(parsing: "10.\(registrant)/ll.\(lab).\(year).\(padded(number, 5))")
    }

    /// An application number as each office writes it: CN year + type digit + serial + check
    /// digit (type 1 invention, 2 utility model), US series code + serial, EP and JP year + serial.
    static func application(office: String, year: Int, utilityModel: Bool, serial: Int) throws -> PatentApplicationNumber {
        let text = switch office {
        case "CN": "CN\(year)\(utilityModel ? 2 : 1)\(padded(serial % 10_000_000, 7)).\(serial % 10)"
        case "US": "US\(16 + (year - 2018) % 3)\(padded(serial % 1_000_000, 6))"
        case "EP": "EP\(year % 100)\(padded(serial % 1_000_000, 6)).\(serial % 10)"
        default: "\(office)\(year)\(padded(serial % 1_000_000, 6))"
        }
        return try PatentApplicationNumber(parsing: text)
    }

    /// The granted patent's publication number with the office's kind code for a grant
    /// (B for a CN invention, U for a CN utility model, B2 for US and JP, B1 for EP).
    static func patent(office: String, utilityModel: Bool, serial: Int) throws -> PatentNumber {
        let text = switch office {
        case "CN": "CN\(utilityModel ? 2 : 1)\(padded(serial % 100_000_000, 8))\(utilityModel ? "U" : "B")"
        case "US": "US1\(padded(serial % 10_000_000, 7))B2"
        case "EP": "EP3\(padded(serial % 1_000_000, 6))B1"
        default: "\(office)\(padded(7_000_000 + serial % 1_000_000, 7))B2"
        }
        return try PatentNumber(parsing: text)
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
