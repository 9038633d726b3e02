import LabLedgerContract

/// The Machine Intelligence Joint Lab of Tencent AI Lab and CUHK-Shenzhen: the joint-lab
/// agreement (joint ownership of results, a 180-day sponsor option, 30 days to review papers),
/// Tencent's commitments, and the people — a PhD student Tencent pays and hosts as an intern,
/// and a postdoc recruited by the university.
extension DemoStory {
    static let tencentAgreement: [Step] = [
        step("/v1/labs/tencent-cuhksz-mi-lab/agreements", #"""
            {"agreement": "tencent-cuhksz-2018", "title": "Tencent AI Lab – CUHK-Shenzhen Machine Intelligence Joint Lab Agreement",
             "kind": "joint_lab_agreement",
             "parties": [{"party": "tencent", "role": "sponsor"}, {"party": "cuhk-shenzhen", "role": "university"}],
             "costShares": [{"party": "tencent", "basisPoints": 10000}],
             "ipTerms": {"ownership": "joint", "sponsorOptionDays": 180, "publicationReviewDays": 30},
             "term": {"from": "2018-06-12", "to": "2028-06-12"}, "draftedOn": "2018-05-28"}
            """#) { (api, body: Components.Schemas.DraftAgreement) in
            try await api.draftAgreement(.init(path: .init(labId: "tencent-cuhksz-mi-lab"), body: .json(body)))
        },
        signature("tencent-cuhksz-2018", #"""
            {"party": "cuhk-shenzhen", "signatory": "cuhksz-vice-president-research", "signatoryTitle": "Vice-President (Research)", "signedOn": "2018-06-12",
             "person": {"name": "Example Signatory (CUHK-Shenzhen)", "email": "signatory@cuhk.example.edu.cn"}}
            """#),
        signature("tencent-cuhksz-2018", #"""
            {"party": "tencent", "signatory": "tencent-ai-lab-director", "signatoryTitle": "Director, Tencent AI Lab", "signedOn": "2018-06-12",
             "person": {"name": "Example Signatory (Tencent)", "email": "signatory@tencent.example.com"}}
            """#),
        commitment("tencent-cuhksz-2018", #"""
            {"commitment": "tencent-phd-stipends-2018", "funder": "tencent", "purpose": "phd_stipend",
             "amount": {"currency": "CNY", "amount": "3600000.00"}, "period": {"from": "2018-09-01", "to": "2023-09-01"}}
            """#),
        commitment("tencent-cuhksz-2018", #"""
            {"commitment": "tencent-gpu-2019", "funder": "tencent", "purpose": "compute_credits",
             "amount": {"unit": "gpu_hours", "quantity": 50000}, "period": {"from": "2019-01-01", "to": "2020-01-01"}}
            """#),
    ]

    static let tencentPeople: [Step] = [
        step("/v1/labs/tencent-cuhksz-mi-lab/studentships", #"""
            {"placement": "mi-lab-phd-2018-001", "agreement": "tencent-cuhksz-2018", "student": "mi-lab-student-2018-001",
             "orcid": "0000-0003-1234-5674", "degreeGrantor": "cuhk-shenzhen", "sponsor": "tencent",
             "stipend": {"monthly": {"currency": "CNY", "amount": "15000.00"}, "commitment": "tencent-phd-stipends-2018"},
             "period": {"from": "2018-09-01", "to": "2022-09-01"}, "awardedOn": "2018-07-15",
             "person": {"name": "Example Student", "email": "student@link.cuhk.example.edu.cn"}}
            """#) { (api, body: Components.Schemas.AwardStudentship) in
            try await api.awardStudentship(.init(path: .init(labId: "tencent-cuhksz-mi-lab"), body: .json(body)))
        },
        stipend(#"""
            {"amount": {"currency": "CNY", "amount": "15000.00"}, "forPeriod": {"from": "2018-09-01", "to": "2018-10-01"},
             "paidOn": "2018-09-28", "reference": "MI-PHD-2018-001-201809"}
            """#),
        stipend(#"""
            {"amount": {"currency": "CNY", "amount": "15000.00"}, "forPeriod": {"from": "2018-10-01", "to": "2018-11-01"},
             "paidOn": "2018-10-30", "reference": "MI-PHD-2018-001-201810"}
            """#),
        stipend(#"""
            {"amount": {"currency": "CNY", "amount": "15000.00"}, "forPeriod": {"from": "2018-11-01", "to": "2018-12-01"},
             "paidOn": "2018-11-29", "reference": "MI-PHD-2018-001-201811"}
            """#),
        disbursement("tencent-gpu-2019", #"""
            {"amount": {"unit": "gpu_hours", "quantity": 12000}, "valueDate": "2019-07-01", "reference": "TENCENT-CLOUD-MI-2019H1"}
            """#),
        step("/v1/placements/mi-lab-phd-2018-001/internships", #"""
            {"host": "tencent", "agreement": "tencent-cuhksz-2018", "period": {"from": "2019-07-01", "to": "2019-09-01"}}
            """#) { (api, body: Components.Schemas.StartInternship) in
            try await api.startInternship(.init(path: .init(placementId: "mi-lab-phd-2018-001"), body: .json(body)))
        },
        step("/v1/placements/mi-lab-phd-2018-001/internship-endings", #"{"endedOn": "2019-09-01"}"#) { (api, body: Components.Schemas.EndInternship) in
            try await api.endInternship(.init(path: .init(placementId: "mi-lab-phd-2018-001"), body: .json(body)))
        },
        step("/v1/labs/tencent-cuhksz-mi-lab/postdocs", #"""
            {"placement": "mi-lab-postdoc-2019-001", "agreement": "tencent-cuhksz-2018", "researcher": "mi-lab-postdoc-2019-001",
             "orcid": "0000-0002-7654-3218", "employer": "cuhk-shenzhen", "period": {"from": "2019-09-01", "to": "2021-09-01"},
             "appointedOn": "2019-06-20", "person": {"name": "Dr. Example Postdoc", "email": "postdoc@cuhk.example.edu.cn"}}
            """#) { (api, body: Components.Schemas.AppointPostdoc) in
            try await api.appointPostdoc(.init(path: .init(labId: "tencent-cuhksz-mi-lab"), body: .json(body)))
        },
    ]

    private static func stipend(_ json: String) -> Step {
        step("/v1/placements/mi-lab-phd-2018-001/stipends", json) { (api, body: Components.Schemas.PayStipend) in
            try await api.payStipend(.init(path: .init(placementId: "mi-lab-phd-2018-001"), body: .json(body)))
        }
    }
}
