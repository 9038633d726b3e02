import LabLedgerDomain

/// Who is who: parties, labs with their members and advisory board, agreements with their
/// parties, signatures and amendments. Schema: schema/migrations/0004_directory.sql.
public enum DirectoryReadModel {
    public static let projection = ReadModelProjection(
        name: "directory",
        version: 1,
        tables: DirectoryTables.all,
        models: [StreamModel(DirectoryPartyModel.self), StreamModel(DirectoryLabModel.self), StreamModel(DirectoryAgreementModel.self)])
}

enum DirectoryTables {
    static let documents = "directory_documents"
    static let parties = "directory_parties"
    static let labs = "directory_labs"
    static let labMembers = "directory_lab_members"
    static let labAdvisors = "directory_lab_advisors"
    static let agreements = "directory_agreements"
    static let agreementParties = "directory_agreement_parties"
    /// The only table holding personal data (names, contacts, ORCID iDs of advisors and signatories).
    static let people = "directory_people"

    static let all = [documents, parties, labs, labMembers, labAdvisors, agreements, agreementParties, people]
}

/// A natural person named in a lab's or an agreement's stream, with their personal data. Kept
/// apart from every other row so it can be erased on its own.
struct DirectoryPersonRow: Codable, Equatable {
    enum Role: String, Codable { case advisor, signatory }

    let stream_id: String
    let person_id: String
    let role: Role
    let name: String
    let email: String?
    let phone: String?
    let orcid: String?
}
