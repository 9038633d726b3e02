/// The longest free text each kind of field may hold, counted in Unicode scalars (code points),
/// which is what JSON Schema's `maxLength` counts, so `openapi.yaml` states the same numbers.
///
/// Counting `Character`s would not bound storage: one grapheme cluster may carry any number of
/// combining scalars. A scalar is at most 4 bytes of UTF-8, so a limit of `n` bounds a value to
/// `4 n` bytes. That matters for the fields read models index: a btree entry must stay under
/// about 2,700 bytes, and the indexed kinds (`name`, `reference`, and `DOI.maxLength`) stay
/// at or under 1,200 bytes even with a slug id beside them in the same index.
public enum TextLimit: String, Sendable, CaseIterable {
    /// The name of a party or a lab (indexed: `directory_parties`, `directory_labs`).
    case name
    /// The title of an agreement, a research output or an invention.
    case title
    /// Why something happened, an amendment's summary: free prose.
    case reason
    /// A bank reference, invoice or payment number (indexed: disbursements, stipends, benefits).
    case reference
    /// A short label: a venue, a degree, a signatory's capacity, an advisor's expertise, a research area.
    case label
    /// A natural person's name.
    case personName
    /// An email address (RFC 5321 allows 254 characters in a path).
    case email
    /// A telephone number as written.
    case phone

    /// The most Unicode scalars a value of this kind may have.
    public var maxLength: Int {
        switch self {
        case .name: 300
        case .title: 500
        case .reason: 4_000
        case .reference: 200
        case .label: 300
        case .personName: 300
        case .email: 254
        case .phone: 50
        }
    }

    /// Refuses text longer than `maxLength` scalars, naming the limit and the actual length.
    public func check(_ text: String) throws(ValueError) {
        let length = text.unicodeScalars.count
        guard length <= maxLength else {
            throw ValueError(
                code: "text.too-long",
                message: "At most \(maxLength) characters (Unicode code points); this has \(length).")
        }
    }
}

/// The most items each kind of list in a command may hold. With `TextLimit` they bound the
/// largest event a command can write well below the store's per-event cap.
public enum ListLimit: String, Sendable, CaseIterable {
    /// A lab's founders, an agreement's parties and cost shares, an asset's owners.
    case parties
    /// Licensors and consenting co-owners of a licence.
    case coOwners
    /// A research output's contributors.
    case contributors
    /// One contributor's CRediT roles (there are 14).
    case creditRoles
    /// A research output's affiliated parties.
    case affiliations
    /// An invention's inventors.
    case inventors
    /// The outputs an invention was disclosed from.
    case outputs
    /// Fields of use of an option or a licence.
    case fieldsOfUse
    /// Territories of a licence (249 countries and WORLD).
    case territories
    /// A lab's research areas.
    case researchAreas

    public var maxItems: Int {
        switch self {
        case .parties: 50
        case .coOwners: 50
        case .contributors: 200
        case .creditRoles: 14
        case .affiliations: 50
        case .inventors: 100
        case .outputs: 100
        case .fieldsOfUse: 50
        case .territories: 250
        case .researchAreas: 20
        }
    }

    public func check(count: Int) throws(ValueError) {
        guard count <= maxItems else {
            throw ValueError(code: "list.too-many-items", message: "At most \(maxItems) items; this has \(count).")
        }
    }
}
