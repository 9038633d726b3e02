/// The demo's steps in story order. Each returns whether it was a replay of an earlier load.
enum DemoStory {
    typealias Step = @Sendable (DemoRunner) async throws -> Bool

    static let steps: [Step] = parties + labs

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
        { runner in
            try await runner.step("/v1/labs", #"{"lab":"hkai-lab","name":"Hong Kong AI Lab","founders":[{"party":"alibaba","role":"industry_partner"},{"party":"sensetime","role":"industry_partner"},{"party":"hkstp","role":"host"}],"foundedOn":"2018-05-21","researchAreas":["artificial intelligence","startup acceleration"]}"#) { (body: Components.Schemas.FoundLab) in
                try await runner.handler.foundLab(.init(body: .json(body)))
            }
        },
        { runner in
            try await runner.step("/v1/labs/hkai-lab/members", #"{"party":"alibaba-entrepreneurs-fund","role":"funder","admittedOn":"2018-05-21"}"#) { (body: Components.Schemas.AdmitLabMember) in
                try await runner.handler.admitLabMember(.init(path: .init(labId: "hkai-lab"), body: .json(body)))
            }
        },
        { runner in
            try await runner.step("/v1/labs", #"{"lab":"tencent-cuhksz-mi-lab","name":"Machine Intelligence Joint Lab","founders":[{"party":"tencent","role":"industry_partner"},{"party":"cuhk-shenzhen","role":"university"}],"foundedOn":"2018-06-12","researchAreas":["machine learning","computer vision","natural language processing"]}"#) { (body: Components.Schemas.FoundLab) in
                try await runner.handler.foundLab(.init(body: .json(body)))
            }
        },
        { runner in
            try await runner.step("/v1/labs", #"{"lab":"jd-cuhksz-ai-lab","name":"JD / CUHK-Shenzhen AI Joint Lab","founders":[{"party":"jd","role":"industry_partner"},{"party":"cuhk-shenzhen","role":"university"}],"foundedOn":"2018-06-15","researchAreas":["artificial intelligence"]}"#) { (body: Components.Schemas.FoundLab) in
                try await runner.handler.foundLab(.init(body: .json(body)))
            }
        },
    ]

    static func party(_ json: String) -> Step {
        { runner in
            try await runner.step("/v1/parties", json) { (body: Components.Schemas.RegisterParty) in
                try await runner.handler.registerParty(.init(body: .json(body)))
            }
        }
    }
}
