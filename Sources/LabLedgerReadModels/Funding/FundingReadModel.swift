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
        // 2: commitments became a keyed model (small documents, disbursements written by key).
        // 3: rows derived from documents written at a rebuild's end (`StreamProjector.finishRebuild`): an older worker would swap in such a rebuild without them, so it meets another version's rebuild and starts its own.
        version: 3,
        tables: [documentsTable, agreementsTable, agreementPartiesTable, commitmentsTable, disbursementsTable, adjustmentsTable],
        keyedTables: [disbursementsTable: ["commitment_id", "reference"], adjustmentsTable: ["commitment_id", "recorded_version"]],
        models: [StreamModel(FundingAgreementModel.self), StreamModel(FundingCommitmentModel.self)])
}
