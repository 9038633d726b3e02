import LabLedgerDomain

/// Funding balances: committed, disbursed and remaining per commitment, and so per agreement,
/// funder, purpose, currency or in-kind unit, and per lab through the projection's own copy
/// of the agreements (`funding_commitments JOIN funding_agreements USING (agreement_id)`).
public enum FundingReadModel {
    static let documentsTable = "funding_documents"
    static let agreementsTable = "funding_agreements"
    static let agreementPartiesTable = "funding_agreement_parties"
    static let commitmentsTable = "funding_commitments"
    static let disbursementsTable = "funding_disbursements"
    static let adjustmentsTable = "funding_adjustments"

    public static let projection = ReadModelProjection(
        name: "funding",
        version: 1,
        tables: [documentsTable, agreementsTable, agreementPartiesTable, commitmentsTable, disbursementsTable, adjustmentsTable],
        models: [StreamModel(FundingAgreementModel.self), StreamModel(FundingCommitmentModel.self)])
}
