import LabLedgerContract

/// HKAI Lab: the accelerator charter of its founders and funders, their commitments (operating
/// costs shared by the Alibaba Entrepreneurs Fund and SenseTime; startup grants; Alibaba Cloud
/// GPU hours; HKSTP office space), and the first six-month round, opening in September 2018.
extension DemoStory {
    static let hkaiCharter: [Step] = [
        step("/v1/labs/hkai-lab/agreements", #"""
            {"agreement": "hkai-charter-2018", "title": "HKAI Lab Accelerator Charter", "kind": "accelerator_charter",
             "parties": [{"party": "alibaba", "role": "industry_partner"}, {"party": "sensetime", "role": "industry_partner"},
                         {"party": "hkstp", "role": "host"}, {"party": "alibaba-entrepreneurs-fund", "role": "funder"}],
             "costShares": [{"party": "alibaba-entrepreneurs-fund", "basisPoints": 5000}, {"party": "sensetime", "basisPoints": 5000}],
             "ipTerms": {"ownership": "by_inventorship", "sponsorOptionDays": 0, "publicationReviewDays": 0},
             "term": {"from": "2018-05-21", "to": "2023-05-21"}, "draftedOn": "2018-05-02"}
            """#) { (api, body: Components.Schemas.DraftAgreement) in
            try await api.draftAgreement(.init(path: .init(labId: "hkai-lab"), body: .json(body)))
        },
        signature("hkai-charter-2018", #"""
            {"party": "hkstp", "signatory": "hkstp-ceo", "signatoryTitle": "Chief Executive Officer", "signedOn": "2018-05-18",
             "person": {"name": "Example Signatory (HKSTP)", "email": "signatory@hkstp.example.org"}}
            """#),
        signature("hkai-charter-2018", #"""
            {"party": "sensetime", "signatory": "sensetime-ceo", "signatoryTitle": "Chief Executive Officer", "signedOn": "2018-05-21",
             "person": {"name": "Example Signatory (SenseTime)", "email": "signatory@sensetime.example.org"}}
            """#),
        signature("hkai-charter-2018", #"""
            {"party": "alibaba", "signatory": "alibaba-vp-strategy", "signatoryTitle": "Vice President, Strategic Investment", "signedOn": "2018-05-21",
             "person": {"name": "Example Signatory (Alibaba)", "email": "signatory@alibaba.example.org"}}
            """#),
        signature("hkai-charter-2018", #"""
            {"party": "alibaba-entrepreneurs-fund", "signatory": "aef-executive-director", "signatoryTitle": "Executive Director", "signedOn": "2018-05-21",
             "person": {"name": "Example Signatory (Alibaba Entrepreneurs Fund)", "email": "signatory@aef.example.org"}}
            """#),
        commitment("hkai-charter-2018", #"""
            {"commitment": "aef-operating-2018", "funder": "alibaba-entrepreneurs-fund", "purpose": "operating",
             "amount": {"currency": "HKD", "amount": "4000000.00"}, "period": {"from": "2018-06-01", "to": "2019-06-01"}}
            """#),
        commitment("hkai-charter-2018", #"""
            {"commitment": "sensetime-operating-2018", "funder": "sensetime", "purpose": "operating",
             "amount": {"currency": "HKD", "amount": "4000000.00"}, "period": {"from": "2018-06-01", "to": "2019-06-01"}}
            """#),
        commitment("hkai-charter-2018", #"""
            {"commitment": "aef-startup-grants-2018", "funder": "alibaba-entrepreneurs-fund", "purpose": "cash_grant",
             "amount": {"currency": "HKD", "amount": "2500000.00"}, "period": {"from": "2018-09-01", "to": "2019-09-01"}}
            """#),
        commitment("hkai-charter-2018", #"""
            {"commitment": "alibaba-cloud-credits-2018", "funder": "alibaba", "purpose": "compute_credits",
             "amount": {"unit": "gpu_hours", "quantity": 100000}, "period": {"from": "2018-09-01", "to": "2019-09-01"}}
            """#),
        commitment("hkai-charter-2018", #"""
            {"commitment": "hkstp-office-space-2018", "funder": "hkstp", "purpose": "office_space",
             "amount": {"unit": "square_metres", "quantity": 600}, "period": {"from": "2018-09-01", "to": "2019-09-01"}}
            """#),
        disbursement("aef-operating-2018", #"""
            {"amount": {"currency": "HKD", "amount": "1000000.00"}, "valueDate": "2018-06-29", "reference": "AEF-HKAI-OPS-2018Q3"}
            """#),
        disbursement("sensetime-operating-2018", #"""
            {"amount": {"currency": "HKD", "amount": "1000000.00"}, "valueDate": "2018-07-03", "reference": "ST-HKAI-OPS-2018Q3"}
            """#),
        step("/v1/labs/hkai-lab/advisory-board", #"""
            {"advisor": "hkai-advisor-01", "orcid": "0000-0002-1694-233X", "expertise": "Computer vision and robotics; startup mentoring",
             "appointedOn": "2018-08-15", "person": {"name": "Prof. Example Advisor", "email": "advisor@hkai-lab.example.org"}}
            """#) { (api, body: Components.Schemas.AppointAdvisoryBoardMember) in
            try await api.appointAdvisoryBoardMember(.init(path: .init(labId: "hkai-lab"), body: .json(body)))
        },
    ]

    static let hkaiRound: [Step] = [
        step("/v1/labs/hkai-lab/rounds", #"""
            {"round": "hkai-2018-r1", "number": 1, "capacity": 10,
             "applicationWindow": {"from": "2018-09-03", "to": "2018-10-15"}, "programmeMonths": 6, "openedOn": "2018-09-03"}
            """#) { (api, body: Components.Schemas.OpenRound) in
            try await api.openRound(.init(path: .init(labId: "hkai-lab"), body: .json(body)))
        },
        roundStep("applications", #"{"startup": "pixelmind", "appliedOn": "2018-09-20"}"#) { (api, round, body: Components.Schemas.ApplyToRound) in
            try await api.applyToRound(.init(path: .init(roundId: round), body: .json(body)))
        },
        roundStep("applications", #"{"startup": "lingosense", "appliedOn": "2018-10-04"}"#) { (api, round, body: Components.Schemas.ApplyToRound) in
            try await api.applyToRound(.init(path: .init(roundId: round), body: .json(body)))
        },
        roundStep("admissions", #"{"startup": "pixelmind", "admittedOn": "2018-10-26"}"#) { (api, round, body: Components.Schemas.AdmitStartup) in
            try await api.admitStartup(.init(path: .init(roundId: round), body: .json(body)))
        },
        roundStep("admissions", #"{"startup": "lingosense", "admittedOn": "2018-10-26"}"#) { (api, round, body: Components.Schemas.AdmitStartup) in
            try await api.admitStartup(.init(path: .init(roundId: round), body: .json(body)))
        },
        benefit(#"""
            {"startup": "pixelmind", "kind": "cash", "quantity": {"cash": {"currency": "HKD", "amount": "250000.00"}},
             "provider": "alibaba-entrepreneurs-fund", "commitment": "aef-startup-grants-2018", "reference": "HKAI-R1-PIXELMIND-CASH", "grantedOn": "2018-11-01"}
            """#),
        benefit(#"""
            {"startup": "pixelmind", "kind": "cloud_credits", "quantity": {"inKind": {"unit": "gpu_hours", "quantity": 8000}},
             "provider": "alibaba", "commitment": "alibaba-cloud-credits-2018", "reference": "HKAI-R1-PIXELMIND-GPU", "grantedOn": "2018-11-01"}
            """#),
        benefit(#"""
            {"startup": "pixelmind", "kind": "office_space", "quantity": {"inKind": {"unit": "square_metres", "quantity": 45}},
             "provider": "hkstp", "commitment": "hkstp-office-space-2018", "reference": "HKAI-R1-PIXELMIND-OFFICE", "grantedOn": "2018-11-01"}
            """#),
        benefit(#"""
            {"startup": "pixelmind", "kind": "technology", "quantity": {"cash": {"currency": "HKD", "amount": "120000.00"}},
             "provider": "sensetime", "reference": "HKAI-R1-PIXELMIND-SENSEPARROTS", "grantedOn": "2018-11-01"}
            """#),
        benefit(#"""
            {"startup": "pixelmind", "kind": "mentoring", "quantity": {"inKind": {"unit": "mentoring_hours", "quantity": 40}},
             "provider": "alibaba", "reference": "HKAI-R1-PIXELMIND-DAMO", "grantedOn": "2018-11-01"}
            """#),
        benefit(#"""
            {"startup": "lingosense", "kind": "cash", "quantity": {"cash": {"currency": "HKD", "amount": "250000.00"}},
             "provider": "alibaba-entrepreneurs-fund", "commitment": "aef-startup-grants-2018", "reference": "HKAI-R1-LINGOSENSE-CASH", "grantedOn": "2018-11-01"}
            """#),
        benefit(#"""
            {"startup": "lingosense", "kind": "cloud_credits", "quantity": {"inKind": {"unit": "gpu_hours", "quantity": 5000}},
             "provider": "alibaba", "commitment": "alibaba-cloud-credits-2018", "reference": "HKAI-R1-LINGOSENSE-GPU", "grantedOn": "2018-11-01"}
            """#),
        benefit(#"""
            {"startup": "lingosense", "kind": "office_space", "quantity": {"inKind": {"unit": "square_metres", "quantity": 30}},
             "provider": "hkstp", "commitment": "hkstp-office-space-2018", "reference": "HKAI-R1-LINGOSENSE-OFFICE", "grantedOn": "2018-11-01"}
            """#),
        roundStep("mentors", #"""
            {"startup": "pixelmind", "mentor": "hkai-advisor-01", "assignedOn": "2018-11-05",
             "person": {"name": "Prof. Example Advisor", "email": "advisor@hkai-lab.example.org"}}
            """#) { (api, round, body: Components.Schemas.AssignRoundMentor) in
            try await api.assignRoundMentor(.init(path: .init(roundId: round), body: .json(body)))
        },
        roundStep("graduation", #"{"graduatedOn": "2019-04-16"}"#) { (api, round, body: Components.Schemas.GraduateRoundCohort) in
            try await api.graduateRoundCohort(.init(path: .init(roundId: round), body: .json(body)))
        },
    ]

    /// A command on HKAI Lab's first round.
    private static func roundStep<Body: Decodable & Sendable, Output: Sendable>(
        _ resource: String, _ json: String, _ call: @escaping @Sendable (any APIProtocol, String, Body) async throws -> Output
    ) -> Step {
        let round = "hkai-2018-r1"
        return step("/v1/rounds/\(round)/\(resource)", json) { (api, body: Body) in try await call(api, round, body) }
    }

    private static func benefit(_ json: String) -> Step {
        roundStep("benefits", json) { (api, round, body: Components.Schemas.GrantRoundBenefit) in
            try await api.grantRoundBenefit(.init(path: .init(roundId: round), body: .json(body)))
        }
    }
}
