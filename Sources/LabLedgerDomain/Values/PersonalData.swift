import Foundation

/// Everything that identifies a natural person beyond their pseudonymous `PersonID`: name and
/// contact details. Events keep it in their own `person` field, apart from the rest of the
/// payload, so it can be encrypted with a per-person key and erased on request (crypto-
/// shredding) while the history around it stays intact and verifiable.
public struct PersonalData: Hashable, Sendable, Codable {
    public let name: String
    public let email: String?
    public let phone: String?
    /// The day this person's key was destroyed: their details are gone for good, and the part
    /// reads as `{"erased": true, "erasedOn": …}` (name empty, email and phone nil).
    public let erasedOn: LocalDate?

    public var isErased: Bool { erasedOn != nil }

    /// A person whose details were erased on `day` (docs/domain.md, "Personal data").
    public init(erasedOn day: LocalDate) {
        name = ""
        email = nil
        phone = nil
        erasedOn = day
    }

    /// The rule of the name alone, so an edge can name that part when it breaks it.
    public static func checkName(_ name: String) throws(ValueError) {
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValueError(code: "person.name-required", message: "A person needs a name.")
        }
    }

    /// The rule of the e-mail address alone.
    public static func checkEmail(_ email: String) throws(ValueError) {
        guard looksLikeEmail(email) else {
            throw ValueError(code: "person.invalid-email", message: "'\(email)' is not an email address.")
        }
    }

    /// New personal data: its parts are bounded by `TextLimit` (name, email, phone).
    public init(name: String, email: String? = nil, phone: String? = nil) throws(ValueError) {
        try self.init(stored: name, email: email, phone: phone)
        try Self.check(self.name, .personName, field: "name")
        if let email { try Self.check(email, .email, field: "email") }
        if let phone { try Self.check(phone, .phone, field: "phone") }
    }

    /// What decoding checks: the rules personal data was always held to, not the length limits
    /// added later, so data stored before them still reads.
    private init(stored name: String, email: String?, phone: String?) throws(ValueError) {
        try Self.checkName(name)
        if let email { try Self.checkEmail(email) }
        self.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        self.email = email
        self.phone = phone
        erasedOn = nil
    }

    private enum CodingKeys: String, CodingKey {
        case name, email, phone, erased, erasedOn
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if try container.decodeIfPresent(Bool.self, forKey: .erased) == true {
            self.init(erasedOn: try container.decode(LocalDate.self, forKey: .erasedOn))
            return
        }
        do {
            try self.init(
                stored: try container.decode(String.self, forKey: .name),
                email: try container.decodeIfPresent(String.self, forKey: .email),
                phone: try container.decodeIfPresent(String.self, forKey: .phone))
        } catch let error as ValueError {
            throw DecodingError.dataCorruptedError(forKey: .name, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let erasedOn {
            try container.encode(true, forKey: .erased)
            try container.encode(erasedOn, forKey: .erasedOn)
            return
        }
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(email, forKey: .email)
        try container.encodeIfPresent(phone, forKey: .phone)
    }

    private static func check(_ text: String, _ limit: TextLimit, field: String) throws(ValueError) {
        do {
            try limit.check(text)
        } catch {
            throw ValueError(code: "person.\(field)-too-long", message: "A person's \(field): \(error.message)")
        }
    }

    // Deliberately loose: one '@' with text on both sides and a dot in the domain. Deliverability
    // is proven by sending mail, not by a pattern.
    private static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !text.contains(" ")
    }
}
