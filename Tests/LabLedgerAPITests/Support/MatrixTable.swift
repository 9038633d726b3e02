import Foundation

/// Every operation of the contract with its rule, in the order the matrix runs them: queries
/// first (on the world as built), then commands, each resource's lifecycle in order and the
/// commands that end something (withdrawal, termination, dissolution) last on their resource.
/// Refused callers go first on each row, so a permitted write never changes what a later
/// refusal sees; creating commands use an id per role, so each permitted caller starts its own stream.
enum MatrixTable {
    static let w = MatrixWorld.mi

    static let rows: [MatrixRow] = probes + queries + parties + labs + agreements + funding + placements + outputs + ipAssets + rounds + endings

    static let probes: [MatrixRow] = [
        .get("getHealth", "/health", "/health", MatrixRule.open),
        .get("getReady", "/ready", "/ready", MatrixRule.open),
        .get("getMetrics", "/metrics", "/metrics", MatrixRule.open),
        .get("getOpenAPIDocument", "/openapi.yaml", "/openapi.yaml", MatrixRule.open),
        .get("getLogPublicKey", "/v1/audit/public-key", "/v1/audit/public-key", MatrixRule.open),
    ]

    static let queries: [MatrixRow] = [
        .get("listEvents", "/v1/events", "/v1/events?limit=5", MatrixRule.history),
        // The checkpoints are for every key; the proofs, like the history they prove, for the keepers and auditors.
        .get("getLatestCheckpoint", "/v1/audit/checkpoint", "/v1/audit/checkpoint", MatrixRule.list),
        .get("listCheckpoints", "/v1/audit/checkpoints", "/v1/audit/checkpoints", MatrixRule.list),
        .get("getInclusionProof", "/v1/audit/events/{eventId}/inclusion", "/v1/audit/events/{firstEvent}/inclusion", MatrixRule.history),
        .get("getConsistencyProof", "/v1/audit/consistency", "/v1/audit/consistency?from=1&to=1", MatrixRule.history),
        .get("getEvidenceBundle", "/v1/audit/bundle", "/v1/audit/bundle?from=2000-01-01&to=2100-01-01", MatrixRule.history),
        .get("listStreamEvents", "/v1/streams/{streamId}/events", "/v1/streams/output-\(w.output)/events", MatrixRule.history),
        // A past state is folded from the stream's history: the same readers as that history.
        .get("getStreamState", "/v1/streams/{streamId}/state", "/v1/streams/output-\(w.output)/state?at=position:1", MatrixRule.history),
        .get("listLabOutputs", "/v1/labs/{labId}/outputs", "/v1/labs/\(w.lab)/outputs", listsRows: true, MatrixRule.list),
        .get("getOutput", "/v1/outputs/{outputId}", "/v1/outputs/\(w.output)", MatrixRule.resource),
        .get("listIPAssets", "/v1/ip-assets", "/v1/ip-assets", listsRows: true, MatrixRule.list),
        .get("getIPAsset", "/v1/ip-assets/{assetId}", "/v1/ip-assets/\(w.asset)", MatrixRule.resource),
        .get(
            "getIPAssetAvailability", "/v1/ip-assets/{assetId}/availability",
            "/v1/ip-assets/\(w.asset)/availability?field=computer-vision&territory=CN&on=2020-01-01", MatrixRule.resource),
        // What is on offer for licensing is public to every key. Nothing is on offer when the queries
        // run; AuthorizationMatrixTests sets up the on-offer and withdrawn cells itself.
        .get("listLicensableIPAssets", "/v1/licensable-ip-assets", "/v1/licensable-ip-assets", MatrixRule.list),
        .get("listLabPlacements", "/v1/labs/{labId}/placements", "/v1/labs/\(w.lab)/placements", listsRows: true, MatrixRule.list),
        .get("getPlacement", "/v1/placements/{placementId}", "/v1/placements/\(w.studentship)", MatrixRule.resource),
        .get("listLabRounds", "/v1/labs/{labId}/rounds", "/v1/labs/\(w.lab)/rounds", listsRows: true, MatrixRule.list),
        .get("getRound", "/v1/rounds/{roundId}", "/v1/rounds/\(w.round)", MatrixRule.resource),
        .get("getAgreement", "/v1/agreements/{agreementId}", "/v1/agreements/\(w.agreement)", MatrixRule.resource),
        .get("getCommitment", "/v1/commitments/{commitmentId}", "/v1/commitments/\(w.stipends)", MatrixRule.resource),
        .get("getLabFunding", "/v1/labs/{labId}/funding", "/v1/labs/\(w.lab)/funding", listsRows: true, MatrixRule.list),
        // The directory of organisations is shared with every key.
        .get("getParty", "/v1/parties/{partyId}", "/v1/parties/tencent", MatrixRule.list),
        .get("getLab", "/v1/labs/{labId}", "/v1/labs/\(w.lab)", MatrixRule.resource),
        .get("listLabs", "/v1/labs", "/v1/labs", listsRows: true, MatrixRule.list),
        .get("listLabAgreements", "/v1/labs/{labId}/agreements", "/v1/labs/\(w.lab)/agreements", listsRows: true, MatrixRule.list),
        .get("listDeadlines", "/v1/deadlines", "/v1/deadlines", listsRows: true, MatrixRule.list),
        // The world's licence is the involved company's, licensed by the involved university: both see it in full.
        .get(
            "listRoyaltyReports", "/v1/ip-assets/{assetId}/licences/{licenceId}/royalty-reports",
            "/v1/ip-assets/\(w.asset)/licences/\(w.licence)/royalty-reports", MatrixRule.resource),
    ]

    static let parties: [MatrixRow] = [
        .post("registerParty", "/v1/parties", "/v1/parties", MatrixRule.keepers) { role in
            #"{"party": "matrix-\#(role.slug)", "name": "Matrix \#(role.slug)", "kind": "company", "country": "CN"}"#
        },
        .post("correctPartyDetails", "/v1/parties/{partyId}/corrections", "/v1/parties/sensetime/corrections", MatrixRule.keepers) { _ in
            #"{"name": "SenseTime Group", "kind": "company", "country": "CN", "reason": "Registered name."}"#
        },
    ]

    static let labs: [MatrixRow] = [
        .post("foundLab", "/v1/labs", "/v1/labs", MatrixRule.keepers) { role in
            """
            {"lab": "matrix-lab-\(role.slug)", "name": "Matrix lab", "foundedOn": "2019-01-01",
             "founders": [{"party": "tencent", "role": "industry_partner"}, {"party": "cuhk-shenzhen", "role": "university"}]}
            """
        },
        .post("admitLabMember", "/v1/labs/{labId}/members", "/v1/labs/\(w.lab)/members", MatrixRule.keepers) { _ in
            #"{"party": "sensetime", "role": "industry_partner", "admittedOn": "2019-07-01"}"#
        },
        .post("recordLabProfile", "/v1/labs/{labId}/profile", "/v1/labs/\(w.lab)/profile", MatrixRule.keepers) { _ in
            #"{"nonProfit": true, "financiallyIndependent": false, "operatingCostSharers": ["tencent"], "recordedOn": "2019-08-01"}"#
        },
        .post("recordLabMemberDeparture", "/v1/labs/{labId}/departures", "/v1/labs/\(w.lab)/departures", MatrixRule.keepers) { _ in
            #"{"party": "sensetime", "departedOn": "2020-06-30", "reason": "Project ended."}"#
        },
        .post("appointAdvisoryBoardMember", "/v1/labs/{labId}/advisory-board", "/v1/labs/\(w.lab)/advisory-board", MatrixRule.keepers) { role in
            """
            {"advisor": "advisor-\(role.slug)", "orcid": "0000-0002-1825-0097", "expertise": "computer vision", "appointedOn": "2018-09-01",
             "person": {"name": "Dr. Example Advisor"}}
            """
        },
    ]

    static let agreements: [MatrixRow] = [
        .post("draftAgreement", "/v1/labs/{labId}/agreements", "/v1/labs/\(w.lab)/agreements", MatrixRule.keepers) { role in
            MatrixWorld.agreement("matrix-agreement-\(role.slug)", university: "cuhk-shenzhen", company: "tencent")
        },
        .post("signAgreement", "/v1/agreements/{agreementId}/signatures", "/v1/agreements/\(w.draftAgreement)/signatures", MatrixRule.eitherParty) {
            MatrixWorld.signature($0.actingParty)
        },
        .post("amendAgreement", "/v1/agreements/{agreementId}/amendments", "/v1/agreements/\(w.agreement)/amendments", MatrixRule.keepers) { _ in
            #"{"number": 1, "summary": "Review window shortened.", "term": {"from": "2018-06-12", "to": "2031-06-12"}, "effectiveFrom": "2020-01-01"}"#
        },
    ]

    static let funding: [MatrixRow] = [
        .post("commitFunding", "/v1/agreements/{agreementId}/commitments", "/v1/agreements/\(w.agreement)/commitments", MatrixRule.company) { role in
            MatrixWorld.commitment("matrix-commitment-\(role.slug)", funder: role.company)
        },
        .post("recordDisbursement", "/v1/commitments/{commitmentId}/disbursements", "/v1/commitments/\(w.operating)/disbursements", MatrixRule.company) {
            MatrixWorld.disbursement("MATRIX-\($0.slug)")
        },
        .post("reverseDisbursement", "/v1/commitments/{commitmentId}/reversals", "/v1/commitments/\(w.operating)/reversals", MatrixRule.company) { _ in
            #"{"reference": "TC-2018-09-001", "reason": "Paid twice by the bank; refunded.", "reversedOn": "2018-09-20"}"#
        },
        .post("adjustCommitment", "/v1/commitments/{commitmentId}/adjustments", "/v1/commitments/\(w.operating)/adjustments", MatrixRule.keepers) { _ in
            #"{"delta": {"currency": "CNY", "amount": "10000.00"}, "amendment": 1}"#
        },
    ]

    static let placements: [MatrixRow] = [
        .post("awardStudentship", "/v1/labs/{labId}/studentships", "/v1/labs/\(w.lab)/studentships", MatrixRule.university) { role in
            MatrixWorld.studentship(w, placement: "matrix-phd-\(role.slug)", grantor: role.university)
        },
        .post("appointPostdoc", "/v1/labs/{labId}/postdocs", "/v1/labs/\(w.lab)/postdocs", MatrixRule.university) { role in
            MatrixWorld.postdoc(w, placement: "matrix-postdoc-\(role.slug)", employer: role.university)
        },
        .post("payStipend", "/v1/placements/{placementId}/stipends", "/v1/placements/\(w.studentship)/stipends", MatrixRule.company) { role in
            """
            {"amount": {"currency": "CNY", "amount": "8000.00"}, "forPeriod": {"from": "2018-09-01", "to": "2018-10-01"},
             "paidOn": "2018-09-28", "reference": "MATRIX-STIPEND-\(role.slug)"}
            """
        },
        .post("startInternship", "/v1/placements/{placementId}/internships", "/v1/placements/\(w.studentship)/internships", MatrixRule.company) { role in
            #"{"host": "\#(role.company)", "agreement": "\#(w.agreement)", "period": {"from": "2019-07-01", "to": "2019-10-01"}}"#
        },
        .post("endInternship", "/v1/placements/{placementId}/internship-endings", "/v1/placements/\(w.studentship)/internship-endings", MatrixRule.company) { _ in
            #"{"endedOn": "2019-10-01"}"#
        },
        .post("conferDegree", "/v1/placements/{placementId}/degree", "/v1/placements/\(w.studentship)/degree", MatrixRule.university) { role in
            #"{"grantor": "\#(role.university)", "degree": "PhD in Computer and Information Engineering", "conferredOn": "2022-07-15"}"#
        },
    ]

    static let outputs: [MatrixRow] = [
        .post("registerOutput", "/v1/labs/{labId}/outputs", "/v1/labs/\(w.lab)/outputs", MatrixRule.university) { role in
            MatrixWorld.output("matrix-output-\(role.slug)", affiliations: [role.university], agreement: w.agreement)
        },
        .post("correctOutput", "/v1/outputs/{outputId}/corrections", "/v1/outputs/\(w.output)/corrections", MatrixRule.university) { _ in
            #"{"reason": "Title typo.", "correctedOn": "2019-09-05", "title": "Learning to Ground Dialogue in Shared Visual Context"}"#
        },
        .post("submitOutputForValidation", "/v1/outputs/{outputId}/submissions", "/v1/outputs/\(w.output)/submissions", MatrixRule.university) { _ in
            #"{"submittedOn": "2019-09-05"}"#
        },
        .post("validateOutput", "/v1/outputs/{outputId}/validations", "/v1/outputs/\(w.output)/validations", MatrixRule.university) { role in
            #"{"validatedBy": "\#(role.university)", "validatedOn": "2019-09-10"}"#
        },
        .post("requestPublicationReview", "/v1/outputs/{outputId}/review-requests", "/v1/outputs/\(w.output)/review-requests", MatrixRule.company) { _ in
            #"{"requestedOn": "2019-09-11"}"#
        },
        .post("clearPublicationReview", "/v1/outputs/{outputId}/review-clearances", "/v1/outputs/\(w.output)/review-clearances", MatrixRule.company) { role in
            #"{"reviewer": "\#(role.company)", "clearedOn": "2019-09-20"}"#
        },
        .post("publishOutput", "/v1/outputs/{outputId}/publication", "/v1/outputs/\(w.output)/publication", MatrixRule.university) { _ in
            #"{"publishedOn": "2019-12-08", "venue": "NeurIPS 2019"}"#
        },
    ]

    static let ipAssets: [MatrixRow] = [
        .post("discloseInvention", "/v1/labs/{labId}/ip-assets", "/v1/labs/\(w.lab)/ip-assets", MatrixRule.university) { role in
            MatrixWorld.disclosure("matrix-asset-\(role.slug)", agreement: w.agreement)
        },
        .post("determineIPAssetOwnership", "/v1/ip-assets/{assetId}/ownership", "/v1/ip-assets/\(w.unownedAsset)/ownership", MatrixRule.keepers) { _ in
            #"{"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 5000}], "determinedOn": "2019-04-02"}"#
        },
        .post("transferIPAssetOwnership", "/v1/ip-assets/{assetId}/ownership-transfers", "/v1/ip-assets/\(w.asset)/ownership-transfers", MatrixRule.eitherParty) { role in
            #"{"from": "\#(role.actingParty)", "to": "\#(role.counterparty)", "shareBasisPoints": 100, "transferredOn": "2021-01-15"}"#
        },
        .post("grantIPAssetOption", "/v1/ip-assets/{assetId}/options", "/v1/ip-assets/\(w.asset)/options", MatrixRule.keepers) { role in
            #"{"sponsor": "tencent", "fields": ["matrix-\#(role.slug)"], "grantedOn": "2019-04-10", "expiresOn": "2019-09-01"}"#
        },
        .post("exerciseIPAssetOption", "/v1/ip-assets/{assetId}/options/{option}/exercise", "/v1/ip-assets/\(w.asset)/options/1/exercise", MatrixRule.company) { role in
            #"{"by": "\#(role.company)", "exercisedOn": "2019-06-01"}"#
        },
        .post("declineIPAssetOption", "/v1/ip-assets/{assetId}/options/{option}/decline", "/v1/ip-assets/\(w.asset)/options/2/decline", MatrixRule.company) { role in
            #"{"by": "\#(role.company)", "declinedOn": "2019-06-01"}"#
        },
        .post("recordIPAssetOptionLapse", "/v1/ip-assets/{assetId}/options/{option}/lapse", "/v1/ip-assets/\(w.asset)/options/3/lapse", MatrixRule.keepers) { _ in
            #"{"lapsedOn": "2019-05-01"}"#
        },
        .post("filePatentApplication", "/v1/ip-assets/{assetId}/patent-applications", "/v1/ip-assets/\(w.asset)/patent-applications", MatrixRule.university) { _ in
            #"{"office": "CN", "applicationNumber": "CN201910234777.3", "filedOn": "2019-05-08"}"#
        },
        .post(
            "recordPatentGrant", "/v1/ip-assets/{assetId}/patent-applications/{applicationNumber}/grant",
            "/v1/ip-assets/\(w.asset)/patent-applications/\(MatrixLab.pendingApplication)/grant", MatrixRule.university
        ) { _ in
            #"{"patentNumber": "CN110459999B", "grantedOn": "2021-09-24"}"#
        },
        .post("grantLicence", "/v1/ip-assets/{assetId}/licences", "/v1/ip-assets/\(w.asset)/licences", MatrixRule.eitherParty) { role in
            MatrixWorld.licence("matrix-licence-\(role.slug)", licensee: "alibaba", licensors: [role.actingParty], territory: "CN")
        },
        // Each permitted caller proposes its own licence (co-owners for themselves; keepers for CUHK-Shenzhen).
        .post("proposeLicence", "/v1/ip-assets/{assetId}/licence-proposals", "/v1/ip-assets/\(w.asset)/licence-proposals", MatrixRule.eitherParty) { role in
            MatrixWorld.proposal("matrix-proposal-\(role.slug)", by: role.actingParty)
        },
        // CUHK-Shenzhen's consent completes Tencent's proposal (and grants it); the later callers meet a 422.
        .post(
            "consentToLicence", "/v1/ip-assets/{assetId}/licence-proposals/{licenceId}/consents",
            "/v1/ip-assets/\(w.asset)/licence-proposals/matrix-proposal-co-in/consents", MatrixRule.eitherParty
        ) { role in
            #"{"by": "\#(role.actingParty)", "consentedOn": "2021-02-10"}"#
        },
        .post(
            "withdrawLicenceProposal", "/v1/ip-assets/{assetId}/licence-proposals/{licenceId}/withdrawal",
            "/v1/ip-assets/\(w.asset)/licence-proposals/matrix-proposal-uni-in/withdrawal", MatrixRule.eitherParty
        ) { role in
            #"{"by": "\#(role.actingParty)", "withdrawnOn": "2021-02-10", "reason": "Declined by a co-owner."}"#
        },
        // The first permitted co-owner's offer stands; the later callers meet `already-on-offer` (422).
        .post("offerIPAssetForLicensing", "/v1/ip-assets/{assetId}/licensing-offer", "/v1/ip-assets/\(w.asset)/licensing-offer", MatrixRule.eitherParty) { role in
            #"{"offeredBy": "\#(role.actingParty)", "fields": ["computer-vision"], "territories": ["WORLD"], "exclusivityOffered": false, "offeredOn": "2021-02-20"}"#
        },
        // The first permitted co-owner withdraws it; the later callers meet `not-on-offer` (422).
        .post(
            "withdrawIPAssetLicensingOffer", "/v1/ip-assets/{assetId}/licensing-offer/withdrawal",
            "/v1/ip-assets/\(w.asset)/licensing-offer/withdrawal", MatrixRule.eitherParty
        ) { role in
            #"{"by": "\#(role.actingParty)", "withdrawnOn": "2021-02-21", "reason": "Off the market."}"#
        },
        .post(
            "reportRoyalty", "/v1/ip-assets/{assetId}/licences/{licenceId}/royalty-reports",
            "/v1/ip-assets/\(w.asset)/licences/\(w.licence)/royalty-reports", MatrixRule.company
        ) { _ in
            """
            {"period": {"from": "2020-01-01", "to": "2021-01-01"}, "netSales": {"currency": "CNY", "amount": "12500000.00"},
             "royaltyDue": {"currency": "CNY", "amount": "375000.00"}, "reportedOn": "2021-01-20"}
            """
        },
        .post(
            "recordRoyaltyPayment", "/v1/ip-assets/{assetId}/licences/{licenceId}/royalty-payments",
            "/v1/ip-assets/\(w.asset)/licences/\(w.licence)/royalty-payments", MatrixRule.keepers
        ) { _ in
            #"{"period": {"from": "2020-01-01", "to": "2021-01-01"}, "amount": {"currency": "CNY", "amount": "375000.00"}, "paidOn": "2021-02-15", "reference": "TX-2021-0215-88"}"#
        },
    ]

    static let rounds: [MatrixRow] = [
        .post("openRound", "/v1/labs/{labId}/rounds", "/v1/labs/\(w.lab)/rounds", MatrixRule.keepers) { role in
            MatrixWorld.round("matrix-round-\(role.slug)", number: 2)
        },
        // A startup applies as itself; it is a party to no round before it applies, so any
        // company key may, as its own party (the operation's description).
        .post("applyToRound", "/v1/rounds/{roundId}/applications", "/v1/rounds/\(w.round)/applications", { role in
            switch role {
            case .companyInvolved, .companyUninvolved: .allowed
            default: MatrixRule.keepers(role)
            }
        }) { role in
            #"{"startup": "\#(role.party ?? "sensetime")", "appliedOn": "2019-09-20"}"#
        },
        .post("admitStartup", "/v1/rounds/{roundId}/admissions", "/v1/rounds/\(w.round)/admissions", MatrixRule.keepers) { _ in
            #"{"startup": "deepvision-hk", "admittedOn": "2019-10-20"}"#
        },
        .post("rejectStartup", "/v1/rounds/{roundId}/rejections", "/v1/rounds/\(w.round)/rejections", MatrixRule.keepers) { _ in
            #"{"startup": "lingo-ai", "rejectedOn": "2019-10-20", "reason": "Outside the round's AI focus."}"#
        },
        .post("grantRoundBenefit", "/v1/rounds/{roundId}/benefits", "/v1/rounds/\(w.round)/benefits", MatrixRule.keepers) { role in
            """
            {"startup": "deepvision-hk", "kind": "cloud_credits", "quantity": {"unit": "gpu_hours", "quantity": 500},
             "provider": "tencent", "reference": "MATRIX-GPU-\(role.slug)", "grantedOn": "2019-11-01"}
            """
        },
        .post("assignRoundMentor", "/v1/rounds/{roundId}/mentors", "/v1/rounds/\(w.round)/mentors", MatrixRule.keepers) { role in
            #"{"startup": "deepvision-hk", "mentor": "mentor-\#(role.slug)", "assignedOn": "2019-11-05", "person": {"name": "Prof. Example Mentor"}}"#
        },
        .post("graduateRoundCohort", "/v1/rounds/{roundId}/graduation", "/v1/rounds/\(w.round)/graduation", MatrixRule.keepers) { _ in
            #"{"graduatedOn": "2020-04-15"}"#
        },
    ]

    /// Commands that end something, each on a resource nothing after it needs; the lab last.
    static let endings: [MatrixRow] = [
        .post("withdrawOutput", "/v1/outputs/{outputId}/withdrawal", "/v1/outputs/\(w.withdrawable)/withdrawal", MatrixRule.university) { _ in
            #"{"reason": "Duplicate of the journal version.", "withdrawnOn": "2020-03-02"}"#
        },
        .post(
            "recordPatentLapse", "/v1/ip-assets/{assetId}/patents/{patentNumber}/lapse",
            "/v1/ip-assets/\(w.asset)/patents/\(MatrixLab.patent)/lapse", MatrixRule.university
        ) { _ in
            #"{"lapsedOn": "2027-08-24", "reason": "Annual fee not paid."}"#
        },
        .post(
            "terminateLicence", "/v1/ip-assets/{assetId}/licences/{licenceId}/termination",
            "/v1/ip-assets/\(w.asset)/licences/\(w.terminableLicence)/termination", MatrixRule.keepers
        ) { _ in
            #"{"effectiveOn": "2024-01-01", "reason": "Licensee ceased the product line."}"#
        },
        .post("closeCommitment", "/v1/commitments/{commitmentId}/closure", "/v1/commitments/\(w.closable)/closure", MatrixRule.company) { _ in
            #"{"closedOn": "2022-09-01", "reason": "Programme completed."}"#
        },
        .post("endPlacement", "/v1/placements/{placementId}/ending", "/v1/placements/\(w.postdoc)/ending", MatrixRule.university) { _ in
            #"{"reason": "completed", "endedOn": "2021-03-01"}"#
        },
        .post("terminateAgreement", "/v1/agreements/{agreementId}/termination", "/v1/agreements/\(w.spareAgreement)/termination", MatrixRule.keepers) { _ in
            #"{"reason": "The parties agreed to end it early.", "effectiveOn": "2024-12-31"}"#
        },
        .post("expireAgreement", "/v1/agreements/{agreementId}/expiry", "/v1/agreements/\(w.spareAgreement)/expiry", MatrixRule.keepers) { _ in
            #"{"expiredOn": "2030-06-12"}"#
        },
        .post("dissolveLab", "/v1/labs/{labId}/dissolution", "/v1/labs/\(w.lab)/dissolution", MatrixRule.keepers) { _ in
            #"{"dissolvedOn": "2030-12-31", "reason": "Programme completed."}"#
        },
        .get("getPersonAccessLog", "/v1/admin/people/{personId}/access-log", "/v1/admin/people/student-0042/access-log", MatrixRule.auditors),
        // Last: it erases the studentship's student.
        .post("erasePerson", "/v1/admin/people/{personId}/erasure", "/v1/admin/people/student-0042/erasure", MatrixRule.admins) { _ in
            #"{"reason": "Matrix erasure request."}"#
        },
    ]
}
