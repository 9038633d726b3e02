import LabLedgerContract

/// The demo's steps in story order. Each returns whether it was a replay of an earlier load.
///
/// The parts follow the story's calendar (docs/domain.md): the parties and labs (May–June
/// 2018), the agreements and commitments of each lab (June 2018), HKAI Lab's first accelerator
/// round (from September 2018), the Tencent / CUHK-Shenzhen lab's people (from 2018) and its
/// research and IP (from 2019).
enum DemoStory {
    typealias Step = @Sendable (DemoRunner) async throws -> Bool

    static let steps: [Step] = parties + labs
        + hkaiCharter + tencentAgreement + jdAgreement
        + hkaiRound + tencentPeople + tencentResearch
        + royaltyYears

    static let parties: [Step] = [
        party(#"{"party":"alibaba","name":"Alibaba Group","kind":"company","country":"CN"}"#),
        party(#"{"party":"alibaba-entrepreneurs-fund","name":"Alibaba Entrepreneurs Fund","kind":"fund","country":"HK"}"#),
        party(#"{"party":"sensetime","name":"SenseTime","kind":"company","country":"HK"}"#),
        party(#"{"party":"hkstp","name":"Hong Kong Science and Technology Parks Corporation","kind":"public_body","country":"HK"}"#),
        party(#"{"party":"tencent","name":"Tencent AI Lab","kind":"company","country":"CN"}"#),
        party(#"{"party":"cuhk-shenzhen","name":"The Chinese University of Hong Kong, Shenzhen","kind":"university","ror":"https://ror.org/02d5ks197","country":"CN"}"#),
        party(#"{"party":"jd","name":"JD.com","kind":"company","country":"CN"}"#),
        party(#"{"party":"pixelmind","name":"PixelMind Robotics","kind":"startup","country":"HK"}"#),
        party(#"{"party":"lingosense","name":"LingoSense","kind":"startup","country":"HK"}"#),
        party(#"{"party":"huawei","name":"Huawei Technologies","kind":"company","country":"CN"}"#),
    ]

    static let labs: [Step] = [
        step("/v1/labs", #"{"lab":"hkai-lab","name":"Hong Kong AI Lab","founders":[{"party":"alibaba","role":"industry_partner"},{"party":"sensetime","role":"industry_partner"},{"party":"hkstp","role":"host"}],"foundedOn":"2018-05-21","researchAreas":["artificial intelligence","startup acceleration"]}"#) { (api, body: Components.Schemas.FoundLab) in
            try await api.foundLab(.init(body: .json(body)))
        },
        step("/v1/labs/hkai-lab/members", #"{"party":"alibaba-entrepreneurs-fund","role":"funder","admittedOn":"2018-05-21"}"#) { (api, body: Components.Schemas.AdmitLabMember) in
            try await api.admitLabMember(.init(path: .init(labId: "hkai-lab"), body: .json(body)))
        },
        // A non-profit whose operating costs the fund and SenseTime share: recorded once the fund
        // is a member, since cost sharers are current members.
        step("/v1/labs/hkai-lab/profile", #"{"nonProfit":true,"financiallyIndependent":false,"operatingCostSharers":["alibaba-entrepreneurs-fund","sensetime"],"recordedOn":"2018-05-21"}"#) { (api, body: Components.Schemas.RecordLabProfile) in
            try await api.recordLabProfile(.init(path: .init(labId: "hkai-lab"), body: .json(body)))
        },
        step("/v1/labs", #"{"lab":"tencent-cuhksz-mi-lab","name":"Machine Intelligence Joint Lab","founders":[{"party":"tencent","role":"industry_partner"},{"party":"cuhk-shenzhen","role":"university"}],"foundedOn":"2018-06-12","researchAreas":["machine learning","computer vision","natural language processing"]}"#) { (api, body: Components.Schemas.FoundLab) in
            try await api.foundLab(.init(body: .json(body)))
        },
        // Its profile as a step of its own: a step's body is part of its idempotency key, so the
        // founding above stays as earlier demos wrote it (DemoTests pins every step's key).
        step("/v1/labs/tencent-cuhksz-mi-lab/profile", #"{"nonProfit":false,"financiallyIndependent":true,"operatingCostSharers":[],"recordedOn":"2018-06-12"}"#) { (api, body: Components.Schemas.RecordLabProfile) in
            try await api.recordLabProfile(.init(path: .init(labId: "tencent-cuhksz-mi-lab"), body: .json(body)))
        },
        step("/v1/labs", #"{"lab":"jd-cuhksz-ai-lab","name":"JD / CUHK-Shenzhen AI Joint Lab","founders":[{"party":"jd","role":"industry_partner"},{"party":"cuhk-shenzhen","role":"university"}],"foundedOn":"2018-06-15","researchAreas":["artificial intelligence"]}"#) { (api, body: Components.Schemas.FoundLab) in
            try await api.foundLab(.init(body: .json(body)))
        },
    ]

    static func party(_ json: String) -> Step {
        step("/v1/parties", json) { (api, body: Components.Schemas.RegisterParty) in
            try await api.registerParty(.init(body: .json(body)))
        }
    }

    /// One operation: `json` decoded as its body and handed to the handler by `call`. `path` is
    /// the resource posted to, as a client would; with the body it makes the idempotency key.
    static func step<Body: Decodable & Sendable, Output: Sendable>(
        _ path: String, _ json: String, _ call: @escaping @Sendable (any APIProtocol, Body) async throws -> Output
    ) -> Step {
        { runner in
            try await runner.step(path, json) { (body: Body) in try await call(runner.api.operations, body) }
        }
    }

    /// A signature on `agreement`.
    static func signature(_ agreement: String, _ json: String) -> Step {
        step("/v1/agreements/\(agreement)/signatures", json) { (api, body: Components.Schemas.SignAgreement) in
            try await api.signAgreement(.init(path: .init(agreementId: agreement), body: .json(body)))
        }
    }

    /// A funding commitment under `agreement`.
    static func commitment(_ agreement: String, _ json: String) -> Step {
        step("/v1/agreements/\(agreement)/commitments", json) { (api, body: Components.Schemas.CommitFunding) in
            try await api.commitFunding(.init(path: .init(agreementId: agreement), body: .json(body)))
        }
    }

    /// A disbursement recorded on `commitment`.
    static func disbursement(_ commitment: String, _ json: String) -> Step {
        step("/v1/commitments/\(commitment)/disbursements", json) { (api, body: Components.Schemas.RecordDisbursement) in
            try await api.recordDisbursement(.init(path: .init(commitmentId: commitment), body: .json(body)))
        }
    }
}
