/// The three joint labs of 2018 with their real founding dates and founders.
public enum SeedLabs {
    public static func hkaiLab() throws(ValueError) -> FoundLab {
        FoundLab(
            lab: try LabID(parsing: "hkai-lab"), name: "Hong Kong AI Lab",
            founders: [
                LabParty(party: try PartyID(parsing: "alibaba-group"), role: .industryPartner),
                LabParty(party: try PartyID(parsing: "sensetime"), role: .industryPartner),
                LabParty(party: try PartyID(parsing: "hkstp"), role: .host),
            ],
            foundedOn: try LocalDate(parsing: "2018-05-21"),
            researchAreas: ["artificial intelligence", "startup acceleration"],
            parties: try SeedParties.known())
    }

    public static func machineIntelligenceJointLab() throws(ValueError) -> FoundLab {
        FoundLab(
            lab: try LabID(parsing: "tencent-cuhksz-machine-intelligence"), name: "Machine Intelligence Joint Lab",
            founders: [
                LabParty(party: try PartyID(parsing: "tencent"), role: .industryPartner),
                LabParty(party: try PartyID(parsing: "cuhk-shenzhen"), role: .university),
            ],
            foundedOn: try LocalDate(parsing: "2018-06-12"),
            researchAreas: ["machine learning", "computer vision", "natural language processing"],
            parties: try SeedParties.known())
    }

    public static func jdJointLab() throws(ValueError) -> FoundLab {
        FoundLab(
            lab: try LabID(parsing: "jd-cuhksz-ai"), name: "JD.com – CUHK-Shenzhen AI Joint Lab",
            founders: [
                LabParty(party: try PartyID(parsing: "jd-com"), role: .industryPartner),
                LabParty(party: try PartyID(parsing: "cuhk-shenzhen"), role: .university),
            ],
            foundedOn: try LocalDate(parsing: "2018-06-15"),
            researchAreas: ["artificial intelligence"],
            parties: try SeedParties.known())
    }

    public static func all() throws(ValueError) -> [FoundLab] {
        [try hkaiLab(), try machineIntelligenceJointLab(), try jdJointLab()]
    }
}
