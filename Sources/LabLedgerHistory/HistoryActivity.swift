/// One step of the story, scheduled on the agenda for a story day. Steps name what they act on
/// by handle (an index into the generator's stores); each step checks the states it reads before
/// acting, so a step whose moment has passed (a lab dissolved, a placement ended) does nothing.
enum HistoryActivity: Sendable {
    /// Monthly: founds labs while the planned history is short of its target.
    case census

    case correctParty(party: Int)

    case registerFounders(lab: Int)
    case foundLab(lab: Int)
    case admitMember(lab: Int)
    case appointAdvisor(lab: Int)
    case labYear(lab: Int, year: Int)
    case departMember(lab: Int, party: Int)
    case windDown(lab: Int)
    case dissolveLab(lab: Int)

    case draftAgreement(agreement: Int)
    case signAgreement(agreement: Int)
    case endAgreement(agreement: Int)

    case fundYear(agreement: Int)
    case disburse(commitment: Int)
    case reverseDisbursement(commitment: Int, reference: String)
    case closeCommitment(commitment: Int)

    case awardCohort(lab: Int)
    case payStipend(placement: Int)
    case startInternship(placement: Int)
    case endInternship(placement: Int)
    case completeStudentship(placement: Int)
    case appointPostdoc(lab: Int)
    case endPostdoc(placement: Int)

    case registerOutput(lab: Int)
    case advanceOutput(output: Int)
    case clearReview(output: Int, reviewer: Int)

    case determineOwnership(asset: Int)
    case grantOption(asset: Int)
    case resolveOption(asset: Int)
    case fileApplication(asset: Int)
    case grantPatent(asset: Int, application: Int)
    case lapsePatent(asset: Int, application: Int)
    case transferOwnership(asset: Int)
    case grantLicence(asset: Int, slot: HistoryLicenceSlot)
    case reportRoyalty(asset: Int, licence: Int)
    case payRoyalty(asset: Int, licence: Int, report: Int)

    case openRound(lab: Int, windowOpens: Int)
    case roundApplications(round: Int)
    case roundDecisions(round: Int)
    case roundBenefits(round: Int)
    case roundMentors(round: Int)
    case graduateRound(round: Int)
}

/// The three kinds of licence an asset may give, each in its own field so their slices never
/// collide: the optioned field goes exclusive (to the sponsor, or to another company once the
/// option is gone), the second field non-exclusive to several companies, the third sole in one
/// territory.
enum HistoryLicenceSlot: Sendable, Equatable {
    case optioned
    case open
    case sole
}
