/// Whether a DOI is already registered to an output. DOIs are unique across every output
/// stream, so the handler asks its DOI index (a read model, or a uniqueness table written in the
/// same transaction as the append) and passes the answer in.
public struct DOIRegistryFacts: Sendable, Equatable {
    public let doi: DOI
    /// The output the DOI is registered to, or nil when it is free.
    public let registeredTo: OutputID?

    public init(doi: DOI, registeredTo: OutputID?) {
        self.doi = doi
        self.registeredTo = registeredTo
    }

    /// Refuses a DOI held by another output, or facts about another DOI, under `output.`.
    func requireFree(_ doi: DOI, for output: OutputID) throws(DomainError) {
        try Rule.require(self.doi == doi, code: "output.doi-facts-mismatch", "The facts given are for DOI '\(self.doi)', not '\(doi)'.")
        if let holder = registeredTo, holder != output {
            throw DomainError(code: "output.doi-already-registered", message: "DOI '\(doi)' is already registered to output '\(holder)'.")
        }
    }
}

/// What registering an output needs from other streams: its lab (active, and whose members may
/// validate), the agreement it names (of the same lab), the DOI index, the registered parties.
public struct OutputRegistrationFacts: Sendable, Equatable {
    public var lab: LabFacts
    public var agreement: AgreementFacts?
    public var doi: DOIRegistryFacts?
    public var parties: KnownParties

    public init(lab: LabFacts, agreement: AgreementFacts?, doi: DOIRegistryFacts?, parties: KnownParties) {
        self.lab = lab
        self.agreement = agreement
        self.doi = doi
        self.parties = parties
    }
}

/// What an invention disclosure needs to know about an output it cites.
public struct OutputFacts: Sendable, Equatable {
    public let output: OutputID
    public let lab: LabID
    public let kind: OutputKind
    public let withdrawn: Bool

    public init(output: OutputID, lab: LabID, kind: OutputKind, withdrawn: Bool) {
        self.output = output
        self.lab = lab
        self.kind = kind
        self.withdrawn = withdrawn
    }

    /// Nil before the output is registered.
    public init?(state: OutputState) {
        guard let id = state.id, let lab = state.lab, let kind = state.kind else { return nil }
        self.init(output: id, lab: lab, kind: kind, withdrawn: state.withdrawnOn != nil)
    }
}
