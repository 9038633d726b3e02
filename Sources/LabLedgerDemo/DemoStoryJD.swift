import LabLedgerContract

/// JD.com and CUHK-Shenzhen: the AI joint-lab agreement signed on 15 June 2018 and JD's
/// operating commitment under it, with its first tranche.
extension DemoStory {
    static let jdAgreement: [Step] = [
        step("/v1/labs/jd-cuhksz-ai-lab/agreements", #"""
            {"agreement": "jd-cuhksz-2018", "title": "JD.com – CUHK-Shenzhen AI Joint Lab Agreement", "kind": "joint_lab_agreement",
             "parties": [{"party": "jd", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}],
             "costShares": [{"party": "jd", "basisPoints": 10000}],
             "ipTerms": {"ownership": "joint", "sponsorOptionDays": 120, "publicationReviewDays": 30},
             "term": {"from": "2018-06-15", "to": "2023-06-15"}, "draftedOn": "2018-06-01"}
            """#) { (api, body: Components.Schemas.DraftAgreement) in
            try await api.draftAgreement(.init(path: .init(labId: "jd-cuhksz-ai-lab"), body: .json(body)))
        },
        signature("jd-cuhksz-2018", #"""
            {"party": "jd", "signatory": "jd-ai-research-head", "signatoryTitle": "Vice President, JD AI Research", "signedOn": "2018-06-15",
             "person": {"name": "Example Signatory (JD.com)", "email": "signatory@jd.example.com"}}
            """#),
        signature("jd-cuhksz-2018", #"""
            {"party": "cuhk-shenzhen", "signatory": "cuhksz-vice-president-research", "signatoryTitle": "Vice-President (Research)", "signedOn": "2018-06-15",
             "person": {"name": "Example Signatory (CUHK-Shenzhen)", "email": "signatory@cuhk.example.edu.cn"}}
            """#),
        commitment("jd-cuhksz-2018", #"""
            {"commitment": "jd-operating-2018", "funder": "jd", "purpose": "operating",
             "amount": {"currency": "CNY", "amount": "10000000.00"}, "period": {"from": "2018-07-01", "to": "2021-07-01"}}
            """#),
        disbursement("jd-operating-2018", #"""
            {"amount": {"currency": "CNY", "amount": "2000000.00"}, "valueDate": "2018-07-16", "reference": "JD-CUHKSZ-2018-T1"}
            """#),
    ]
}
