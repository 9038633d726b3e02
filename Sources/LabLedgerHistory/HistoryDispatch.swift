/// Runs one scheduled step by handing it to the part of the story it belongs to.
extension HistoryWorld {
    mutating func perform(_ activity: HistoryActivity) throws {
        switch activity {
        case .census: try census()
        case .correctParty(let party): try correctParty(party)

        case .registerFounders(let lab): try registerFounders(lab)
        case .foundLab(let lab): try foundLab(lab)
        case .admitMember(let lab): try admitMember(lab)
        case .appointAdvisor(let lab): try appointAdvisor(lab)
        case .labYear(let lab, let year): try labYear(lab, year: year)
        case .departMember(let lab, let party): try departMember(lab, party: party)
        case .windDown(let lab): try windDown(lab)
        case .dissolveLab(let lab): try dissolveLab(lab)

        case .draftAgreement(let agreement): try draftAgreement(agreement)
        case .signAgreement(let agreement): try signAgreement(agreement)
        case .endAgreement(let agreement): try endAgreement(agreement)

        case .fundYear(let agreement): try fundYear(agreement)
        case .disburse(let commitment): try disburse(commitment)
        case .reverseDisbursement(let commitment, let reference): try reverseDisbursement(commitment, reference: reference)
        case .closeCommitment(let commitment): try closeCommitment(commitment)

        case .awardCohort(let lab): try awardCohort(lab)
        case .payStipend(let placement): try payStipend(placement)
        case .startInternship(let placement): try startInternship(placement)
        case .endInternship(let placement): try endInternship(placement)
        case .completeStudentship(let placement): try completeStudentship(placement)
        case .appointPostdoc(let lab): try appointPostdoc(lab)
        case .endPostdoc(let placement): try endPostdoc(placement)

        case .registerOutput(let lab): try registerOutput(lab)
        case .advanceOutput(let output): try advanceOutput(output)
        case .clearReview(let output, let reviewer): try clearReview(output, reviewer: reviewer)

        case .determineOwnership(let asset): try determineOwnership(asset)
        case .grantOption(let asset): try grantOption(asset)
        case .resolveOption(let asset): try resolveOption(asset)
        case .fileApplication(let asset): try fileApplication(asset)
        case .grantPatent(let asset, let application): try grantPatent(asset, application: application)
        case .lapsePatent(let asset, let application): try lapsePatent(asset, application: application)
        case .transferOwnership(let asset): try transferOwnership(asset)
        case .grantLicence(let asset, let slot): try grantLicence(asset, slot: slot)
        case .reportRoyalty(let asset, let licence): try reportRoyalty(asset, licence: licence)
        case .payRoyalty(let asset, let licence, let report): try payRoyalty(asset, licence: licence, report: report)

        case .openRound(let lab, let windowOpens): try openRound(lab, windowOpens: windowOpens)
        case .roundApplications(let round): try roundApplications(round)
        case .roundDecisions(let round): try roundDecisions(round)
        case .roundBenefits(let round): try roundBenefits(round)
        case .roundMentors(let round): try roundMentors(round)
        case .graduateRound(let round): try graduateRound(round)
        }
    }
}
