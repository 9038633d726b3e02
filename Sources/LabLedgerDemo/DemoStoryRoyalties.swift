import LabLedgerContract

/// Later royalty years of the Tencent / CUHK-Shenzhen invention's licences, so the console's
/// chart of royalties per licence over time has periods to show: Huawei's second and third
/// licence years (the second part paid) and Tencent's first two years under its exclusive
/// computer-vision licence. Added after every earlier step (DemoTests pins those steps' keys).
extension DemoStory {
    static let royaltyYears: [Step] = [
        report("huawei-nlp-world", from: "2021-07-01", to: "2022-07-01", netSales: "9500000.00", due: "285000.00", on: "2022-07-14"),
        payment("huawei-nlp-world", from: "2021-07-01", to: "2022-07-01", amount: "200000.00", on: "2022-08-03", reference: "HW-MI-ROY-2022-001"),
        report("huawei-nlp-world", from: "2022-07-01", to: "2023-07-01", netSales: "11000000.00", due: "330000.00", on: "2023-07-12"),
        report("tencent-cv-cn", from: "2020-01-01", to: "2021-01-01", netSales: "3000000.00", due: "100000.00", on: "2021-01-18"),
        payment("tencent-cv-cn", from: "2020-01-01", to: "2021-01-01", amount: "100000.00", on: "2021-02-01", reference: "TC-MI-ROY-2021-001"),
        report("tencent-cv-cn", from: "2021-01-01", to: "2022-01-01", netSales: "6500000.00", due: "130000.00", on: "2022-01-17"),
    ]

    private static let royaltyAsset = "tencent-cuhksz-nlp-2019"

    private static func report(_ licence: String, from: String, to: String, netSales: String, due: String, on: String) -> Step {
        step("/v1/ip-assets/\(royaltyAsset)/licences/\(licence)/royalty-reports", """
            {"period": {"from": "\(from)", "to": "\(to)"}, "netSales": {"currency": "CNY", "amount": "\(netSales)"},
             "royaltyDue": {"currency": "CNY", "amount": "\(due)"}, "reportedOn": "\(on)"}
            """) { (api, body: Components.Schemas.ReportRoyalty) in
            try await api.reportRoyalty(.init(path: .init(assetId: royaltyAsset, licenceId: licence), body: .json(body)))
        }
    }

    private static func payment(_ licence: String, from: String, to: String, amount: String, on: String, reference: String) -> Step {
        step("/v1/ip-assets/\(royaltyAsset)/licences/\(licence)/royalty-payments", """
            {"period": {"from": "\(from)", "to": "\(to)"}, "amount": {"currency": "CNY", "amount": "\(amount)"},
             "paidOn": "\(on)", "reference": "\(reference)"}
            """) { (api, body: Components.Schemas.RecordRoyaltyPayment) in
            try await api.recordRoyaltyPayment(.init(path: .init(assetId: royaltyAsset, licenceId: licence), body: .json(body)))
        }
    }
}
