/// IP asset: one invention / patent family with its owners, options, patent filings and
/// licences. Inventor and owner shares each total exactly 10000 bp, and transfers keep it so;
/// options reserve their fields for the sponsor while open; filing precedes grant; licences
/// respect each other's slices (see `IPAssetSlices.swift`) — in one stream, so two licences can
/// never be granted over each other concurrently.
public enum IPAssetDecider: Decider {
    public static func decide(_ command: IPAssetCommand, _ state: IPAssetState) throws(DomainError) -> [IPAssetEvent] {
        if case .disclose(let c) = command { return try disclose(c, state) }
        let disclosedOn = try requireDisclosed(state)
        switch command {
        case .disclose:
            throw DomainError(code: "ipasset.already-disclosed", message: "The invention has already been disclosed.")
        case .determineOwnership(let c): return try determineOwnership(c, state, disclosedOn: disclosedOn)
        case .grantOption(let c): return try grantOption(c, state, disclosedOn: disclosedOn)

        case .exerciseOption(let c):
            let option = try requireOpenOption(c.option, by: c.by, on: c.exercisedOn, state)
            return [.optionExercised(OptionExercised(option: option.number, exercisedOn: c.exercisedOn))]

        case .declineOption(let c):
            let option = try requireOpenOption(c.option, by: c.by, on: c.declinedOn, state)
            return [.optionDeclined(OptionDeclined(option: option.number, declinedOn: c.declinedOn))]

        case .recordOptionLapse(let c):
            let option = try requireUndecidedOption(c.option, state)
            try Rule.require(c.lapsedOn >= option.expiresOn, code: "ipasset.option-not-yet-expired",
                "Option \(option.number) is open until \(option.expiresOn); it has not lapsed on \(c.lapsedOn).")
            return [.optionLapsed(OptionLapsed(option: option.number, lapsedOn: c.lapsedOn))]

        case .fileApplication(let c):
            try Rule.require(c.applicationNumber.office == c.office, code: "ipasset.application-office-mismatch",
                "Application \(c.applicationNumber) is numbered by office \(c.applicationNumber.office), not \(c.office).")
            try Rule.require(state.application(c.applicationNumber) == nil, code: "ipasset.duplicate-application",
                "Application \(c.applicationNumber) is already on file for this asset.")
            try requireNotBefore(c.filedOn, disclosedOn, code: "ipasset.date-before-disclosure", "disclosure")
            return [.patentApplicationFiled(PatentApplicationFiled(office: c.office, applicationNumber: c.applicationNumber, filedOn: c.filedOn))]

        case .recordPatentGrant(let c):
            guard let application = state.application(c.applicationNumber) else {
                throw DomainError(code: "ipasset.application-not-filed", message: "No application \(c.applicationNumber) was filed for this asset; filing precedes grant.")
            }
            try Rule.require(application.patent == nil, code: "ipasset.application-already-granted",
                "Application \(c.applicationNumber) was already granted as \(application.patent.map(\.rawValue) ?? "").")
            try Rule.require(c.patentNumber.office == application.office, code: "ipasset.patent-office-mismatch",
                "Patent \(c.patentNumber) is of office \(c.patentNumber.office); the application was filed at \(application.office).")
            try Rule.require(!state.applications.contains { $0.patent == c.patentNumber }, code: "ipasset.duplicate-patent-number",
                "Patent \(c.patentNumber) is already recorded for another application.")
            try Rule.require(c.grantedOn > application.filedOn, code: "ipasset.grant-before-filing",
                "A grant on \(c.grantedOn) cannot precede or coincide with the filing on \(application.filedOn).")
            return [.patentGranted(PatentGranted(applicationNumber: c.applicationNumber, patentNumber: c.patentNumber, grantedOn: c.grantedOn))]

        case .recordPatentLapse(let c):
            guard let application = state.applications.first(where: { $0.patent == c.patentNumber }), let grantedOn = application.grantedOn else {
                throw DomainError(code: "ipasset.patent-not-granted", message: "Patent \(c.patentNumber) has not been granted for this asset.")
            }
            try Rule.require(application.lapsedOn == nil, code: "ipasset.patent-already-lapsed", "Patent \(c.patentNumber) has already lapsed.")
            try Rule.requireText(c.reason, .reason, code: "ipasset.reason-required", "A lapse states its reason.")
            try Rule.require(c.lapsedOn > grantedOn, code: "ipasset.lapse-before-grant",
                "A patent granted on \(grantedOn) cannot lapse on \(c.lapsedOn).")
            return [.patentLapsed(PatentLapsed(patentNumber: c.patentNumber, lapsedOn: c.lapsedOn, reason: c.reason))]

        case .transferOwnership(let c): return try transfer(c, state)
        case .grantLicence(let c): return try grantLicence(c, state, disclosedOn: disclosedOn)
        case .reportRoyalty(let c): return try reportRoyalty(c, state)
        case .recordRoyaltyPayment(let c): return try recordPayment(c, state)
        case .terminateLicence(let c): return try terminate(c, state)
        case .proposeLicence(let c): return try propose(c, state, disclosedOn: disclosedOn)
        case .consentToLicence(let c): return try consent(c, state, disclosedOn: disclosedOn)
        case .withdrawLicenceProposal(let c): return try withdrawProposal(c, state)
        case .offerForLicensing(let c): return try offer(c, state)
        case .withdrawLicensingOffer(let c): return try withdrawOffer(c, state)
        }
    }

    private static func disclose(_ c: DiscloseInvention, _ state: IPAssetState) throws(DomainError) -> [IPAssetEvent] {
        try Rule.require(!state.isDisclosed, code: "ipasset.already-disclosed", "Invention '\(c.asset)' has already been disclosed.")
        try c.facts.lab.requireActive(c.lab, namespace: "ipasset")
        try c.facts.agreement.requireInForce(c.agreement, namespace: "ipasset")
        try Rule.require(c.facts.agreement.lab == c.lab, code: "ipasset.agreement-of-another-lab",
            "Agreement '\(c.agreement)' belongs to lab '\(c.facts.agreement.lab)', not '\(c.lab)'.")
        try Rule.requireText(c.title, .title, code: "ipasset.title-required", "An invention disclosure needs a title.")
        try Rule.require(!c.inventors.isEmpty, code: "ipasset.inventors-required", "An invention has at least one inventor.")
        if let duplicate = Rule.firstDuplicate(c.inventors.map(\.orcid)) {
            throw DomainError(code: "ipasset.duplicate-inventor", message: "Inventor \(duplicate) is named twice.")
        }
        try Rule.require(c.inventors.allSatisfy { $0.shareBasisPoints > .zero }, code: "ipasset.zero-share", "Every inventor has a share above zero.")
        let total = BasisPoints.total(c.inventors.map(\.shareBasisPoints))
        try Rule.require(total == BasisPoints.whole, code: "ipasset.inventor-shares-must-total-100-percent",
            "Inventor shares total exactly 10000 basis points (100%); these total \(total).")
        if let duplicate = Rule.firstDuplicate(c.fromOutputs) {
            throw DomainError(code: "ipasset.duplicate-output", message: "Output '\(duplicate)' is cited twice.")
        }
        for output in c.fromOutputs {
            guard let facts = c.facts.outputs.first(where: { $0.output == output }) else {
                throw DomainError(code: "ipasset.output-facts-missing", message: "Output '\(output)' is cited but its facts were not given.")
            }
            try Rule.require(facts.lab == c.lab, code: "ipasset.output-of-another-lab", "Output '\(output)' belongs to lab '\(facts.lab)', not '\(c.lab)'.")
            try Rule.require(!facts.withdrawn, code: "ipasset.output-withdrawn", "Output '\(output)' was withdrawn and cannot ground a disclosure.")
        }
        return [.inventionDisclosed(InventionDisclosed(
            asset: c.asset, lab: c.lab, agreement: c.agreement, title: c.title, inventors: c.inventors,
            fromOutputs: c.fromOutputs, disclosedOn: c.disclosedOn))]
    }

    private static func determineOwnership(_ c: DetermineOwnership, _ state: IPAssetState, disclosedOn: LocalDate) throws(DomainError) -> [IPAssetEvent] {
        try Rule.require(state.ownershipDeterminedOn == nil, code: "ipasset.ownership-already-determined",
            "Ownership was determined already; later changes are transfers.")
        try requireAgreement(c.agreement, state)
        try Rule.require(!c.owners.isEmpty, code: "ipasset.owners-required", "An asset has at least one owner.")
        if let duplicate = Rule.firstDuplicate(c.owners.map(\.party)) {
            throw DomainError(code: "ipasset.duplicate-owner", message: "'\(duplicate)' is named twice among the owners.")
        }
        if let outsider = c.owners.first(where: { !c.agreement.isParty($0.party) }) {
            throw DomainError(code: "ipasset.owner-not-a-party", message: "'\(outsider.party)' is not a party to agreement '\(c.agreement.agreement)'.")
        }
        try Rule.require(c.owners.allSatisfy { $0.shareBasisPoints > .zero }, code: "ipasset.zero-share", "Every owner has a share above zero.")
        let total = BasisPoints.total(c.owners.map(\.shareBasisPoints))
        try Rule.require(total == BasisPoints.whole, code: "ipasset.owner-shares-must-total-100-percent",
            "Owner shares total exactly 10000 basis points (100%); these total \(total).")
        try requireNotBefore(c.determinedOn, disclosedOn, code: "ipasset.date-before-disclosure", "disclosure")
        return [.ownershipDetermined(OwnershipDetermined(owners: c.owners, determinedOn: c.determinedOn))]
    }

    private static func grantOption(_ c: GrantOption, _ state: IPAssetState, disclosedOn: LocalDate) throws(DomainError) -> [IPAssetEvent] {
        try requireOwnership(state)
        try requireAgreement(c.agreement, state)
        let role = c.agreement.parties[c.sponsor]
        try Rule.require(role == .sponsor || role == .industryPartner, code: "ipasset.option-holder-not-a-sponsor",
            "'\(c.sponsor)' is not a sponsor or industry partner of agreement '\(c.agreement.agreement)'.")
        let days = c.agreement.ipTerms.sponsorOptionDays
        try Rule.require(days > 0, code: "ipasset.no-option-clause", "Agreement '\(c.agreement.agreement)' gives sponsors no option.")
        try checkFields(c.fields)
        try requireNotBefore(c.grantedOn, disclosedOn, code: "ipasset.date-before-disclosure", "disclosure")
        try Rule.require(c.expiresOn > c.grantedOn, code: "ipasset.option-expiry-not-after-grant",
            "An option granted on \(c.grantedOn) expires after that day, not on \(c.expiresOn).")
        let latest = try Rule.value("ipasset") { () throws(ValueError) in try c.grantedOn.adding(days: days) }
        try Rule.require(c.expiresOn <= latest, code: "ipasset.option-longer-than-agreement-allows",
            "The agreement gives sponsors \(days) days; an option granted on \(c.grantedOn) expires by \(latest), not \(c.expiresOn).")
        let window = SliceSpan.term(try Rule.value("ipasset") { () throws(ValueError) in try DateRange(from: c.grantedOn, to: c.expiresOn) })
        if let other = state.options.first(where: {
            FieldOfUse.overlaps($0.fields, c.fields) && window.overlaps(from: $0.grantedOn, until: $0.reservedUntil)
        }) {
            throw DomainError(code: "ipasset.option-overlaps-option",
                message: "Option \(other.number) of '\(other.sponsor)' already reserves overlapping fields until \(other.reservedUntil).")
        }
        if let licence = state.licences.first(where: {
            $0.licensee != c.sponsor && FieldOfUse.overlaps($0.fields, c.fields) && window.overlaps(from: $0.term.from, until: $0.inForceUntil)
        }) {
            throw DomainError(code: "ipasset.option-over-existing-licence",
                message: "Licence '\(licence.id)' to '\(licence.licensee)' is in force in these fields during the option; an option cannot reserve them.")
        }
        return [.optionGranted(OptionGranted(
            option: (state.options.map(\.number).max() ?? 0) + 1, sponsor: c.sponsor, fields: c.fields, grantedOn: c.grantedOn, expiresOn: c.expiresOn))]
    }

    private static func transfer(_ c: TransferOwnership, _ state: IPAssetState) throws(DomainError) -> [IPAssetEvent] {
        let determinedOn = try requireOwnership(state)
        guard let holding = state.ownerShares[c.from] else {
            throw DomainError(code: "ipasset.transferor-not-an-owner", message: "'\(c.from)' owns no share of this asset.")
        }
        try Rule.require(c.from != c.to, code: "ipasset.transfer-to-self", "'\(c.from)' cannot transfer a share to itself.")
        try Rule.require(c.shareBasisPoints > .zero, code: "ipasset.zero-share", "A transfer moves a share above zero.")
        try Rule.require(c.shareBasisPoints.rawValue <= holding, code: "ipasset.transfer-exceeds-holding",
            "'\(c.from)' owns \(holding) bp and cannot transfer \(c.shareBasisPoints.rawValue) bp.")
        try Rule.require(c.parties.registered.contains(c.to), code: "ipasset.party-not-registered", "'\(c.to)' is not a registered party.")
        try requireNotBefore(c.transferredOn, determinedOn, code: "ipasset.date-before-ownership", "ownership determination")
        let transferred = OwnershipTransferred(from: c.from, to: c.to, shareBasisPoints: c.shareBasisPoints, transferredOn: c.transferredOn)
        var after = state
        evolve(&after, .ownershipTransferred(transferred))
        // A transfer can leave every current owner of an open proposal consented (the last
        // owner awaited gave its whole share to one who consented): it grants then, as the
        // completing consent would have.
        return [.ownershipTransferred(transferred)] + offerWithdrawnByTransfer(c, state, holding: holding)
            + grantsCompletedByTransfer(after, on: c.transferredOn)
    }

    /// An offer names its contact to strangers: once that owner has given away its whole share
    /// it can no longer withdraw the offer, so the offer goes with the share.
    private static func offerWithdrawnByTransfer(_ c: TransferOwnership, _ state: IPAssetState, holding: Int) -> [IPAssetEvent] {
        guard let offer = state.offer, offer.offeredBy == c.from, c.shareBasisPoints.rawValue == holding else { return [] }
        return [.offerWithdrawn(IPAssetOfferWithdrawn(
            by: c.from, withdrawnOn: max(c.transferredOn, offer.offeredOn), reason: "The contact no longer owns a share"))]
    }

    // MARK: shared checks

    static func requireDisclosed(_ state: IPAssetState) throws(DomainError) -> LocalDate {
        guard let disclosedOn = state.disclosedOn else {
            throw DomainError(code: "ipasset.not-disclosed", message: "No invention has been disclosed on this stream.")
        }
        return disclosedOn
    }

    /// The day ownership was determined; options, transfers and licences need owners.
    @discardableResult
    static func requireOwnership(_ state: IPAssetState) throws(DomainError) -> LocalDate {
        guard let determinedOn = state.ownershipDeterminedOn else {
            throw DomainError(code: "ipasset.ownership-not-determined", message: "Ownership of the asset has not been determined yet.")
        }
        return determinedOn
    }

    static func checkFields(_ fields: [FieldOfUse]) throws(DomainError) {
        try Rule.require(!fields.isEmpty, code: "ipasset.fields-required", "Name at least one field of use.")
        if let duplicate = Rule.firstDuplicate(fields) {
            throw DomainError(code: "ipasset.duplicate-field", message: "Field '\(duplicate)' is named twice.")
        }
    }

    static func requireNotBefore(_ date: LocalDate, _ earliest: LocalDate, code: String, _ what: String) throws(DomainError) {
        try Rule.require(date >= earliest, code: code, "\(date) is before the \(what) on \(earliest).")
    }

    private static func requireAgreement(_ facts: AgreementFacts, _ state: IPAssetState) throws(DomainError) {
        try Rule.require(facts.agreement == state.agreement, code: "ipasset.agreement-facts-mismatch",
            "The facts given are for agreement '\(facts.agreement)', not '\(state.agreement.map(\.rawValue) ?? "")'.")
    }

    private static func requireUndecidedOption(_ number: Int, _ state: IPAssetState) throws(DomainError) -> IPAssetState.Option {
        guard let option = state.option(number) else {
            throw DomainError(code: "ipasset.unknown-option", message: "The asset has no option \(number).")
        }
        try Rule.require(option.resolution == nil, code: "ipasset.option-not-open", "Option \(number) has already been exercised, declined or lapsed.")
        return option
    }

    private static func requireOpenOption(_ number: Int, by party: PartyID, on date: LocalDate, _ state: IPAssetState) throws(DomainError) -> IPAssetState.Option {
        let option = try requireUndecidedOption(number, state)
        try Rule.require(option.sponsor == party, code: "ipasset.not-the-option-holder", "Option \(number) is held by '\(option.sponsor)', not '\(party)'.")
        try Rule.require(date >= option.grantedOn, code: "ipasset.date-before-option", "Option \(number) was granted on \(option.grantedOn), after \(date).")
        try Rule.require(date < option.expiresOn, code: "ipasset.option-expired", "Option \(number) expired on \(option.expiresOn).")
        return option
    }
}
