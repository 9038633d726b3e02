import LabLedgerContract

/// The Machine Intelligence Joint Lab's research and what became of it, in date order: a paper
/// registered and validated; an invention disclosed from it (`tencent-cuhksz-nlp-2019`), owned
/// half and half; Tencent's option on computer vision, exercised; a Chinese patent filed before
/// the paper, reviewed by Tencent, is published; an exclusive computer-vision licence in China to
/// Tencent, a non-exclusive NLP licence to Huawei with its royalties; the patent granted.
extension DemoStory {
    static let tencentResearch: [Step] = [
        step("/v1/labs/tencent-cuhksz-mi-lab/outputs", #"""
            {"output": "mi-lab-acl-2019-grounded-dialogue", "kind": "paper",
             "title": "Grounding Open-Domain Dialogue in Shared Visual Context", "doi": "10.5555/acl.2019.0421",
             "contributors": [{"orcid": "0000-0003-1234-5674", "creditRoles": ["conceptualization", "software", "writing-original-draft"]},
                              {"orcid": "0000-0002-1825-0097", "creditRoles": ["supervision", "methodology", "writing-review-editing"]},
                              {"orcid": "0000-0001-5109-3700", "creditRoles": ["resources", "formal-analysis"]}],
             "affiliations": ["cuhk-shenzhen", "tencent"], "agreement": "tencent-cuhksz-2018", "date": "2019-03-04"}
            """#) { (api, body: Components.Schemas.RegisterOutput) in
            try await api.registerOutput(.init(path: .init(labId: "tencent-cuhksz-mi-lab"), body: .json(body)))
        },
        output("submissions", #"{"submittedOn": "2019-03-05"}"#) { (api, id, body: Components.Schemas.SubmitOutputForValidation) in
            try await api.submitOutputForValidation(.init(path: .init(outputId: id), body: .json(body)))
        },
        output("validations", #"{"validatedBy": "cuhk-shenzhen", "validatedOn": "2019-03-08"}"#) { (api, id, body: Components.Schemas.ValidateOutput) in
            try await api.validateOutput(.init(path: .init(outputId: id), body: .json(body)))
        },
        step("/v1/labs/tencent-cuhksz-mi-lab/ip-assets", #"""
            {"asset": "tencent-cuhksz-nlp-2019", "agreement": "tencent-cuhksz-2018",
             "title": "Visually grounded dialogue model for image retrieval and description",
             "inventors": [{"orcid": "0000-0003-1234-5674", "shareBasisPoints": 6000}, {"orcid": "0000-0002-1825-0097", "shareBasisPoints": 4000}],
             "fromOutputs": ["mi-lab-acl-2019-grounded-dialogue"], "disclosedOn": "2019-03-18"}
            """#) { (api, body: Components.Schemas.DiscloseInvention) in
            try await api.discloseInvention(.init(path: .init(labId: "tencent-cuhksz-mi-lab"), body: .json(body)))
        },
        asset("ownership", #"""
            {"owners": [{"party": "cuhk-shenzhen", "shareBasisPoints": 5000}, {"party": "tencent", "shareBasisPoints": 5000}], "determinedOn": "2019-04-02"}
            """#) { (api, id, body: Components.Schemas.DetermineIPAssetOwnership) in
            try await api.determineIPAssetOwnership(.init(path: .init(assetId: id), body: .json(body)))
        },
        asset("options", #"""
            {"sponsor": "tencent", "fields": ["computer_vision"], "grantedOn": "2019-04-10", "expiresOn": "2019-10-07"}
            """#) { (api, id, body: Components.Schemas.GrantIPAssetOption) in
            try await api.grantIPAssetOption(.init(path: .init(assetId: id), body: .json(body)))
        },
        output("review-requests", #"{"requestedOn": "2019-05-06"}"#) { (api, id, body: Components.Schemas.RequestPublicationReview) in
            try await api.requestPublicationReview(.init(path: .init(outputId: id), body: .json(body)))
        },
        asset("patent-applications", #"{"office": "CN", "applicationNumber": "CN201910402358.X", "filedOn": "2019-05-15"}"#) { (api, id, body: Components.Schemas.FilePatentApplication) in
            try await api.filePatentApplication(.init(path: .init(assetId: id), body: .json(body)))
        },
        output("review-clearances", #"{"reviewer": "tencent", "clearedOn": "2019-05-20"}"#) { (api, id, body: Components.Schemas.ClearPublicationReview) in
            try await api.clearPublicationReview(.init(path: .init(outputId: id), body: .json(body)))
        },
        asset("options/1/exercise", #"{"by": "tencent", "exercisedOn": "2019-06-01"}"#) { (api, id, body: Components.Schemas.ExerciseIPAssetOption) in
            try await api.exerciseIPAssetOption(.init(path: .init(assetId: id, option: 1), body: .json(body)))
        },
        output("publication", #"""
            {"publishedOn": "2019-07-28", "venue": "Proceedings of the 57th Annual Meeting of the Association for Computational Linguistics (ACL 2019)"}
            """#) { (api, id, body: Components.Schemas.PublishOutput) in
            try await api.publishOutput(.init(path: .init(outputId: id), body: .json(body)))
        },
        asset("licences", #"""
            {"licence": "tencent-cv-cn", "licensee": "tencent", "licensors": ["cuhk-shenzhen", "tencent"], "consents": [],
             "exclusivity": "exclusive", "fields": ["computer_vision"], "territories": ["CN"],
             "term": {"from": "2020-01-01", "to": "2030-01-01"}, "sublicensable": false,
             "royalty": {"rateBasisPoints": 200, "minimumAnnual": {"currency": "CNY", "amount": "100000.00"}}, "grantedOn": "2019-12-16"}
            """#) { (api, id, body: Components.Schemas.GrantLicence) in
            try await api.grantLicence(.init(path: .init(assetId: id), body: .json(body)))
        },
        asset("licences", #"""
            {"licence": "huawei-nlp-world", "licensee": "huawei", "licensors": ["cuhk-shenzhen"], "consents": ["tencent"],
             "exclusivity": "non_exclusive", "fields": ["natural_language_processing"], "territories": ["WORLD"],
             "term": {"from": "2020-07-01", "to": "2025-07-01"}, "sublicensable": false,
             "royalty": {"rateBasisPoints": 300, "minimumAnnual": {"currency": "CNY", "amount": "50000.00"}}, "grantedOn": "2020-06-22"}
            """#) { (api, id, body: Components.Schemas.GrantLicence) in
            try await api.grantLicence(.init(path: .init(assetId: id), body: .json(body)))
        },
        asset("licences/huawei-nlp-world/royalty-reports", #"""
            {"period": {"from": "2020-07-01", "to": "2021-07-01"}, "netSales": {"currency": "CNY", "amount": "8000000.00"},
             "royaltyDue": {"currency": "CNY", "amount": "240000.00"}, "reportedOn": "2021-07-15"}
            """#) { (api, id, body: Components.Schemas.ReportRoyalty) in
            try await api.reportRoyalty(.init(path: .init(assetId: id, licenceId: "huawei-nlp-world"), body: .json(body)))
        },
        asset("licences/huawei-nlp-world/royalty-payments", #"""
            {"period": {"from": "2020-07-01", "to": "2021-07-01"}, "amount": {"currency": "CNY", "amount": "240000.00"},
             "paidOn": "2021-08-02", "reference": "HW-MI-ROY-2021-001"}
            """#) { (api, id, body: Components.Schemas.RecordRoyaltyPayment) in
            try await api.recordRoyaltyPayment(.init(path: .init(assetId: id, licenceId: "huawei-nlp-world"), body: .json(body)))
        },
        asset("patent-applications/CN201910402358.X/grant", #"{"patentNumber": "CN110163299B", "grantedOn": "2022-03-08"}"#) { (api, id, body: Components.Schemas.RecordPatentGrant) in
            try await api.recordPatentGrant(.init(path: .init(assetId: id, applicationNumber: "CN201910402358.X"), body: .json(body)))
        },
    ]

    /// A command on the lab's paper.
    private static func output<Body: Decodable & Sendable, Output: Sendable>(
        _ resource: String, _ json: String, _ call: @escaping @Sendable (any APIProtocol, String, Body) async throws -> Output
    ) -> Step {
        let id = "mi-lab-acl-2019-grounded-dialogue"
        return step("/v1/outputs/\(id)/\(resource)", json) { (api, body: Body) in try await call(api, id, body) }
    }

    /// A command on the invention disclosed from it.
    private static func asset<Body: Decodable & Sendable, Output: Sendable>(
        _ resource: String, _ json: String, _ call: @escaping @Sendable (any APIProtocol, String, Body) async throws -> Output
    ) -> Step {
        let id = "tencent-cuhksz-nlp-2019"
        return step("/v1/ip-assets/\(id)/\(resource)", json) { (api, body: Body) in try await call(api, id, body) }
    }
}
