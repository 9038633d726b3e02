import LabLedgerDomain

/// The domain's agreement state plus what it forgets: the title, who signed in what capacity,
/// what each amendment was about, and why it was terminated.
struct DirectoryAgreementDocument: Codable, Sendable, Equatable {
    struct Signature: Codable, Sendable, Equatable {
        let party: PartyID
        let signatory: PersonID
        let signatoryTitle: String
        let signedOn: LocalDate
        let personalData: PersonalData
    }

    struct Amendment: Codable, Sendable, Equatable {
        let number: Int
        let summary: String
        let effectiveFrom: LocalDate
        let changes: [String]
    }

    var state: AgreementState
    var title: String
    /// In signing order.
    var signatures: [Signature]
    var amendments: [Amendment]
    var terminationReason: String?
    var stamp: LedgerStamp
}
