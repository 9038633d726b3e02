/// What disclosing an invention needs from other streams: the lab (active), the agreement the
/// invention arose under (in force, of that lab) and the outputs it is disclosed from.
public struct DisclosureFacts: Sendable, Equatable {
    public var lab: LabFacts
    public var agreement: AgreementFacts
    public var outputs: [OutputFacts]

    public init(lab: LabFacts, agreement: AgreementFacts, outputs: [OutputFacts]) {
        self.lab = lab
        self.agreement = agreement
        self.outputs = outputs
    }
}
