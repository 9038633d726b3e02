extension IPAssetState {
    /// A proposed exclusive or sole licence and the consents given to it so far. It is open
    /// until granted (the consent that completes the current owners' set grants it) or withdrawn;
    /// an `expiresOn` in the past closes it to consents without an event, as an option's expiry
    /// does.
    public struct LicenceProposal: Sendable, Equatable, Codable {
        public struct Withdrawal: Sendable, Equatable, Codable {
            public let by: PartyID
            public let on: LocalDate
            public let reason: String
        }

        public let id: LicenceID
        public let proposedBy: PartyID
        public let licensee: PartyID
        public let exclusivity: Exclusivity
        public let fields: [FieldOfUse]
        public let territories: [Territory]
        public let term: DateRange
        public let sublicensable: Bool
        public let royalty: Royalty
        public let proposedOn: LocalDate
        public let expiresOn: LocalDate?
        /// Who consented, in order; the proposer first.
        public var consents: [PartyID]
        /// The day of the latest consent after the proposal's own; nil before any. Encoded only
        /// when set, so a proposal without consents keeps its bytes.
        public var lastConsentedOn: LocalDate?
        public var grantedOn: LocalDate?
        public var withdrawal: Withdrawal?

        init(_ e: LicenceProposed) {
            id = e.licence
            proposedBy = e.proposedBy
            licensee = e.licensee
            exclusivity = e.exclusivity
            fields = e.fields
            territories = e.territories
            term = e.term
            sublicensable = e.sublicensable
            royalty = e.royalty
            proposedOn = e.proposedOn
            expiresOn = e.expiresOn
            consents = [e.proposedBy]
        }

        public var isOpen: Bool { grantedOn == nil && withdrawal == nil }

        /// The current owners whose consent is still missing. A consent counts only while its
        /// giver owns a share: after a transfer, a former owner's consent no longer counts and a
        /// new owner's is needed.
        public func awaiting(owners: Set<PartyID>) -> [PartyID] {
            owners.subtracting(consents).sorted()
        }
    }
}
