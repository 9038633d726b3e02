/// What a lab is, as its founders describe it: a non-profit or not, financially independent or
/// not, and which member parties share its operating costs (HKAI Lab: a non-profit whose
/// operating costs the Alibaba Entrepreneurs Fund and SenseTime share; the Tencent/CUHK-Shenzhen
/// lab: financially independent, sharing no costs).
public struct LabProfile: Sendable, Hashable, Codable {
    public let nonProfit: Bool
    /// The lab bears its own operating costs; it then lists no cost sharers.
    public let financiallyIndependent: Bool
    /// Current members that share the operating costs, in the order given; may be empty.
    public let operatingCostSharers: [PartyID]

    public init(nonProfit: Bool, financiallyIndependent: Bool, operatingCostSharers: [PartyID]) {
        self.nonProfit = nonProfit
        self.financiallyIndependent = financiallyIndependent
        self.operatingCostSharers = operatingCostSharers
    }
}

extension LabDecider {
    /// A profile's own rules, given the lab's current members: sharers named once, each a
    /// current member, and none at all for a financially independent lab (a lab that bears its
    /// own operating costs does not have them shared by others; recording both would leave
    /// readers unable to say who pays).
    static func checkProfile(_ profile: LabProfile, members: Set<PartyID>) throws(DomainError) {
        if let duplicate = Rule.firstDuplicate(profile.operatingCostSharers) {
            throw DomainError(code: "lab.duplicate-cost-sharer", message: "'\(duplicate)' is named twice among the operating-cost sharers.")
        }
        if let outsider = profile.operatingCostSharers.first(where: { !members.contains($0) }) {
            throw DomainError(code: "lab.cost-sharer-not-a-member",
                message: "'\(outsider)' shares the operating costs but is not a current member of the lab.")
        }
        try Rule.require(!profile.financiallyIndependent || profile.operatingCostSharers.isEmpty,
            code: "lab.independent-lab-shares-costs",
            "A financially independent lab bears its own operating costs; it names no operating-cost sharers.")
    }
}
